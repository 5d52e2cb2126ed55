using System.Diagnostics;
using System.Globalization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cli.Run;

/// <summary>Prints one plain line per trial event (started, completed, stopped, failed, requeued) by comparing snapshots.</summary>
public sealed class ProgressPrinter(TextWriter output)
{
    private readonly Dictionary<string, (TrialPhase Phase, int Attempts)> _seen = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _bestId;

    public void Show(SearchSnapshot search)
    {
        foreach (var trial in search.Trials)
        {
            var now = (trial.Phase, trial.Attempts);
            if (_seen.TryGetValue(trial.Id, out var before) && before == now) continue;
            _seen[trial.Id] = now;
            var line = Describe(search, trial, before.Attempts);
            if (line is not null) output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.0}s] {trial.Id} {line}");
        }
        if (search.BestTrialId is { } bestId && bestId != _bestId && search.Best is { Objective: { } objective })
        {
            _bestId = bestId;
            output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.0}s] best so far: {bestId} {search.Metric} = {Number(objective)} ({Done(search)} of {search.MaxTrials} trials done)");
        }
    }

    private static string? Describe(SearchSnapshot search, TrialSnapshot trial, int attemptsBefore) => trial.Phase switch
    {
        TrialPhase.Running => $"started    on {trial.Device}{(trial.Attempts > 1 ? $" (attempt {trial.Attempts})" : "")}  {trial.Config}",
        TrialPhase.Pending when trial.Attempts > 0 => $"requeued   {trial.Reason}",
        TrialPhase.Pending => null,
        TrialPhase.Completed => $"completed  {search.Metric} = {Number(trial.Objective)} after {trial.Epochs} epoch(s)",
        TrialPhase.Stopped => $"stopped    at epoch {trial.Epochs}: {trial.Reason}",
        _ => $"failed     {trial.Failure}: {trial.Reason}",
    };

    private static int Done(SearchSnapshot search) => search.Trials.Count(t => t.Phase is TrialPhase.Completed or TrialPhase.Stopped or TrialPhase.Failed);

    private static string Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-";
}
