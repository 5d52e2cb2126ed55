using System.Globalization;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cli.Views;

/// <summary>How the views and reports write numbers, configs, outcomes and counts, so they read the same everywhere.</summary>
public static class TrialText
{
    /// <summary>Whole numbers in full (parameter counts), others to 4 significant digits.</summary>
    public static string Number(double? value) => value switch
    {
        null => "-",
        { } v when v == Math.Round(v) && Math.Abs(v) < 1e12 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v => v.ToString("G4", CultureInfo.InvariantCulture),
    };

    /// <summary>The config as <c>name=value</c> pairs, floats to 3 significant digits so a line stays short.</summary>
    public static string Config(Config config) => string.Join(" ", config.Select(kv => $"{kv.Key}={Value(kv.Value)}"));

    /// <summary>The config with the parameters in <paramref name="first"/> leading, in that order, then the rest by name.</summary>
    public static string Config(Config config, IReadOnlyList<string> first)
    {
        var rank = first.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        return string.Join(" ", config.OrderBy(kv => rank.GetValueOrDefault(kv.Key, int.MaxValue)).Select(kv => $"{kv.Key}={Value(kv.Value)}"));
    }

    public static string Value(ParameterValue value) =>
        value.Kind == ValueKind.Float ? value.AsDouble().ToString("G3", CultureInfo.InvariantCulture) : value.ToString();

    public static bool HasEnded(TrialPhase phase) => phase is TrialPhase.Completed or TrialPhase.Stopped or TrialPhase.Failed;

    /// <summary>Trials in the phase: the search's own counts when it sent them (a page holds only some trials), else counted.</summary>
    public static int Count(SearchSnapshot search, TrialPhase phase) => search.Counts?.Of(phase) ?? search.Trials.Count(t => t.Phase == phase);

    public static int Done(SearchSnapshot search) => search.Counts?.Done ?? search.Trials.Count(t => HasEnded(t.Phase));

    /// <summary>Every trial of the search, also those not in this snapshot's page.</summary>
    public static int Total(SearchSnapshot search) => search.Counts?.Total ?? search.Trials.Count;

    /// <summary>
    /// Whether the search can still change. An accepted search is running from its first snapshot on, so an empty one
    /// (nothing submitted under the id) ends a watch rather than keeping it waiting forever.
    /// </summary>
    public static bool IsLive(SearchSnapshot search) => search.Status == SearchStatus.Running;

    /// <summary>The last reported value of <paramref name="metric"/>, or null.</summary>
    public static double? Latest(TrialSnapshot trial, string metric) =>
        trial.Curve.Count > 0 && trial.Curve[^1].Metrics.TryGetValue(metric, out var v) ? v : null;

    /// <summary>What ended the trial, in a few words: the objective, the stop reason, or the failure.</summary>
    public static string Outcome(SearchSnapshot search, TrialSnapshot trial) => trial.Phase switch
    {
        TrialPhase.Completed => $"{search.Metric} = {Number(trial.Objective)} after {Epochs(trial.Epochs)}",
        TrialPhase.Stopped => $"at epoch {trial.Epochs}: {trial.Reason}",
        TrialPhase.Failed => $"{trial.Failure}: {trial.Reason}",
        TrialPhase.Running => $"on {trial.Device}, epoch {trial.Epochs}",
        _ => trial.Attempts > 0 ? $"requeued: {trial.Reason}" : "waiting for a slot",
    };

    public static string Epochs(int epochs) => epochs == 1 ? "1 epoch" : $"{epochs} epochs";

    public static string Clock(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1 ? $"{(int)elapsed.TotalHours}:{elapsed:mm\\:ss}" : elapsed.ToString("mm\\:ss", CultureInfo.InvariantCulture);
}
