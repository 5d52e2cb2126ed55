using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// Reads the searchable settings of the techniques (<c>sparsity</c>, <c>distillTemperature</c>, ...) from a trial's
/// configuration, like <see cref="Optimization.TrainingSettings"/> reads <c>lr</c>: a bad value fails the trial as
/// <see cref="FailureKind.BadConfig"/> naming the key.
/// </summary>
internal static class TechniqueConfig
{
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
