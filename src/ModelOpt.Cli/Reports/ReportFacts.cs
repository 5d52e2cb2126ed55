using ModelOpt.Cli.Views;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cli.Reports;

/// <summary>What both report formats state about a search: the summary rows, and each trial's row.</summary>
public static class ReportFacts
{
    public static IReadOnlyList<(string Name, string Value)> Summary(SearchSnapshot search) =>
    [
        ("search", $"{search.Name} ({search.SearchId})"),
        ("status", $"{search.Status.ToString().ToLowerInvariant()}{(search.Reason is { } r ? $": {r}" : "")}"),
        ("objective", $"{search.Metric} ({search.Mode.ToString().ToLowerInvariant()})"),
        ("searcher", search.Searcher ?? "-"),
        ("trials", $"{search.Trials.Count} of {search.MaxTrials}: {TrialText.Count(search, TrialPhase.Completed)} completed, " +
            $"{TrialText.Count(search, TrialPhase.Stopped)} stopped early, {TrialText.Count(search, TrialPhase.Failed)} failed"),
        ("epochs trained", $"{search.Trials.Sum(t => t.Epochs)}"),
        ("submitted", search.SubmittedAt.ToString("u")),
        ("ended", search.EndedAt is { } ended ? $"{ended:u} ({TrialText.Clock(ended - search.SubmittedAt)})" : "-"),
        ("best", search.Best is { } best ? $"{best.Id}: {search.Metric} = {TrialText.Number(best.Objective)}" : "no trial completed"),
    ];

    /// <summary>The trial's row: trial, marks (★ best, ◆ Pareto front), outcome, objective, epochs, reason, config.</summary>
    public static string[] Row(SearchSnapshot search, TrialSnapshot trial) =>
    [
        trial.Id,
        Marks(search, trial),
        trial.Phase == TrialPhase.Failed ? $"failed ({trial.Failure})" : trial.Phase.ToString().ToLowerInvariant(),
        TrialText.Number(trial.Objective),
        $"{trial.Epochs}",
        trial.Reason ?? "",
        TrialText.Config(trial.Config),
    ];

    public static readonly string[] RowHeader = ["trial", "", "outcome", "objective", "epochs", "reason", "config"];

    public static string Marks(SearchSnapshot search, TrialSnapshot trial) =>
        (trial.Id == search.BestTrialId ? "★" : "") + (search.ParetoTrialIds.Contains(trial.Id) ? "◆" : "");
}
