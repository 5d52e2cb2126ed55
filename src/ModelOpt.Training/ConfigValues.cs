using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training;

/// <summary>
/// Reads numbers from a trial's configuration (<c>lr</c>, <c>sparsity</c>, <c>advEpsilon</c>, ...): a bad value fails
/// the trial as <see cref="FailureKind.BadConfig"/> naming the key.
/// </summary>
internal static class ConfigValues
{
    public static double Number(Config config, string key, double fallback, double min, double max) =>
        Number(config, key, fallback, min, max, maxExcluded: false, technique: "");

    public static double Number(Config config, string key, double? fallback, double min, double max, bool maxExcluded, string technique)
    {
        if (!config.TryGetValue(key, out var v))
            return fallback ?? throw new TrialFailedException(FailureKind.BadConfig, $"config '{key}' is missing; {technique} needs it (set it in the space, e.g. as a constant)");
        var range = $"between {min} and {max}{(maxExcluded ? " (excluded)" : "")}";
        if (!v.IsNumeric) throw Bad(key, v.ToString(), $"a number {range}");
        var x = v.AsDouble();
        if (double.IsNaN(x) || x < min || x > max || (maxExcluded && x >= max)) throw Bad(key, v.ToString(), range);
        return x;
    }

    public static TrialFailedException Bad(string key, string value, string expected) =>
        new(FailureKind.BadConfig, $"config '{key}' is '{value}'; it must be {expected}");
}
