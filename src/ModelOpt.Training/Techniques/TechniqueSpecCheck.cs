using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Training.Techniques.Distillation;
using ModelOpt.Training.Techniques.Transfer;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// Spec-time checks of the techniques' searchable keys against the space, so impossible combinations are rejected
/// before any trial runs: a key without its technique (<c>sparsity</c> without <c>workload.pruning</c>), pruning
/// without a <c>sparsity</c>, and ranges that can leave the allowed values (sparsity in [0, 1), alpha in [0, 1],
/// temperature &gt; 0, freezeLayers ≥ 0). Values the space cannot know (more frozen layers than the model has) fail
/// the trial as <c>BadConfig</c> naming the key.
/// </summary>
public static class TechniqueSpecCheck
{
    private sealed record Key(string Name, string Block, bool Enabled, double Min, double Max, bool MaxExcluded, bool MinExcluded = false);

    public static IEnumerable<SpecError> Check(SearchSpace space, TechniqueOptions techniques)
    {
        Key[] keys =
        [
            new("sparsity", "pruning", techniques.Pruning is not null, 0, 1, MaxExcluded: true),
            new(DistillationSettings.TemperatureKey, "distillation", techniques.Distillation is not null, 0, 1000, false, MinExcluded: true),
            new(DistillationSettings.AlphaKey, "distillation", techniques.Distillation is not null, 0, 1, false),
            new(TransferSettings.FreezeKey, "transfer", techniques.Transfer is not null, 0, 10_000, false),
        ];
        if (techniques.Pruning is not null && !space.Contains("sparsity"))
            yield return new SpecError("workload.pruning", "pruning needs a target sparsity: add 'sparsity' to the space (a constant such as 'sparsity: 0.8', or a range in [0, 1))");
        foreach (var key in keys)
        {
            if (!space.Contains(key.Name)) continue;
            if (!key.Enabled)
            {
                yield return new SpecError($"space.{key.Name}", $"'{key.Name}' only acts with workload.{key.Block}; add that block or remove the parameter");
                continue;
            }
            foreach (var value in Extremes(space[key.Name].Domain))
            {
                if (value is not { } v)
                {
                    yield return new SpecError($"space.{key.Name}", "must be a number");
                    break;
                }
                if (v < key.Min || v > key.Max || (key.MaxExcluded && v >= key.Max) || (key.MinExcluded && v <= key.Min))
                {
                    var range = $"{(key.MinExcluded ? "(" : "[")}{Format(key.Min)}, {Format(key.Max)}{(key.MaxExcluded ? ")" : "]")}";
                    yield return new SpecError($"space.{key.Name}", $"must lie in {range}, but can take {Format(v)}");
                    break;
                }
            }
        }
    }

    /// <summary>The smallest and largest value a numeric domain can take; null for a value that is not a number.</summary>
    private static IEnumerable<double?> Extremes(Domain domain) => domain switch
    {
        FloatDomain f => [f.Low, f.High],
        IntDomain i => [i.Low, i.High],
        CategoricalDomain c => c.Choices.Select(v => v.IsNumeric ? v.AsDouble() : (double?)null),
        ConstantDomain c => [c.Value.IsNumeric ? c.Value.AsDouble() : null],
        _ => [],
    };

    private static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
