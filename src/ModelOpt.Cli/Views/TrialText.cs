using System.Globalization;
using ModelOpt.Client;
using ModelOpt.Client.Models;

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
    public static string Config(IReadOnlyDictionary<string, ConfigValue> config) => string.Join(" ", config.Select(kv => $"{kv.Key}={Value(kv.Value)}"));

    /// <summary>The config with the parameters in <paramref name="first"/> leading, in that order, then the rest in their order.</summary>
    public static string Config(IReadOnlyDictionary<string, ConfigValue> config, IReadOnlyList<string> first)
    {
        var rank = first.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        return string.Join(" ", config.OrderBy(kv => rank.GetValueOrDefault(kv.Key, int.MaxValue)).Select(kv => $"{kv.Key}={Value(kv.Value)}"));
    }

    public static string Value(ConfigValue value) =>
        value.Kind == ConfigValueKind.Float ? value.AsDouble().ToString("G3", CultureInfo.InvariantCulture) : value.ToString();

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> characters, ending in … where it was cut.</summary>
    public static string Cut(string text, int width) => text.Length <= width ? text : width <= 1 ? "…" : text[..(width - 1)] + "…";

    /// <summary>What ended the trial, in a few words: the objective, the stop reason, or the failure.</summary>
    public static string Outcome(SearchInfo search, TrialInfo trial) => trial.Status switch
    {
        TrialStatus.Completed => $"{search.Metric} = {Number(trial.Objective)} after {Epochs(trial.Epochs)}",
        TrialStatus.Stopped => $"at epoch {trial.Epochs}: {trial.Reason}",
        TrialStatus.Failed => $"{trial.Failure}: {trial.Reason}",
        TrialStatus.Running => $"on {trial.Device}, epoch {trial.Epochs}",
        _ => trial.Attempts > 0 ? $"requeued: {trial.Reason}" : "waiting for a slot",
    };

    /// <summary>A status as the docs and the JSON write it (<c>running</c>, <c>non_finite_loss</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => CommandJson.Name(value);

    /// <summary>A node's <c>host:port</c> (what the commands take) from its full address <c>akka.tcp://modelopt@host:port</c>.</summary>
    public static string HostPort(string node) => node[(node.LastIndexOf('@') + 1)..];

    public static string Epochs(int epochs) => epochs == 1 ? "1 epoch" : $"{epochs} epochs";

    public static string Clock(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1 ? $"{(int)elapsed.TotalHours}:{elapsed:mm\\:ss}" : elapsed.ToString("mm\\:ss", CultureInfo.InvariantCulture);
}
