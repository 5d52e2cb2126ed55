using System.Globalization;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Run;

/// <summary>How <c>mopt run</c> prints a <see cref="RunSummary"/> at the end.</summary>
public static class SummaryText
{
    public static IEnumerable<string> Lines(RunSummary summary)
    {
        yield return $"search {summary.SearchId}: {TrialText.Name(summary.Status)}{(summary.Reason is { } reason ? $" ({reason})" : "")}";
        yield return $"  trials {summary.Trials}: {summary.Completed} completed, {summary.Stopped} stopped, {summary.Failed} failed; " +
                     $"{summary.Epochs} epochs in {summary.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
        if (summary.Best is { } best)
            yield return $"  best {best.TrialId}: {summary.Metric} = {Number(best.Objective)} ({TrialText.Name(summary.Mode)}) with {TrialText.Config(best.Config)}";
        else
            yield return "  no trial completed";
        if (summary.ParetoFront is { } front)
            yield return $"  pareto front ({front.Count}): {string.Join("; ", front.Select(t => $"{t.TrialId} {Objectives(t)}"))}";
    }

    private static string Objectives(TrialInfo trial) =>
        string.Join(" ", (trial.Metrics ?? trial.Curve.LastOrDefault()?.Metrics ?? new Dictionary<string, double>()).Select(kv => $"{kv.Key}={Number(kv.Value)}"));

    private static string Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-";
}
