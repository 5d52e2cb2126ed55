using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Reports;

/// <summary>What both report formats state about a search: the summary rows, and each trial's row.</summary>
public static class ReportFacts
{
    public static IReadOnlyList<(string Name, string Value)> Summary(SearchInfo search) =>
    [
        ("search", $"{search.Name} ({search.SearchId})"),
        ("status", $"{TrialText.Name(search.Status)}{(search.Reason is { } r ? $": {r}" : "")}"),
        ("objective", $"{search.Metric} ({TrialText.Name(search.Mode)})"),
        ("searcher", search.Searcher ?? "-"),
        ("trials", $"{search.Trials.Count} of {search.MaxTrials}: {search.Count(TrialStatus.Completed)} completed, " +
            $"{search.Count(TrialStatus.Stopped)} stopped early, {search.Count(TrialStatus.Failed)} failed"),
        ("epochs trained", $"{search.Trials.Sum(t => t.Epochs)}"),
        ("submitted", search.SubmittedAt.ToString("u")),
        ("ended", search.EndedAt is { } ended ? $"{ended:u} ({TrialText.Clock(ended - search.SubmittedAt)})" : "-"),
        ("best", search.Best is { } best ? $"{best.TrialId}: {search.Metric} = {TrialText.Number(best.Objective)}" : "no trial completed"),
    ];

    /// <summary>The trial's row: trial, marks (★ best, ◆ Pareto front), outcome, objective, epochs, reason, config.</summary>
    public static string[] Row(SearchInfo search, TrialInfo trial) =>
    [
        trial.TrialId,
        Marks(search, trial),
        trial.Status == TrialStatus.Failed ? $"failed ({trial.Failure})" : TrialOutcome.Of(trial).Label,
        TrialText.Number(trial.Objective),
        $"{trial.Epochs}",
        trial.Reason ?? "",
        TrialText.Config(trial.Config),
    ];

    public static readonly string[] RowHeader = ["trial", "", "outcome", "objective", "epochs", "reason", "config"];

    public static string Marks(SearchInfo search, TrialInfo trial) =>
        (trial.TrialId == search.BestTrialId ? "★" : "") + (search.ParetoTrialIds.Contains(trial.TrialId) ? "◆" : "");
}
