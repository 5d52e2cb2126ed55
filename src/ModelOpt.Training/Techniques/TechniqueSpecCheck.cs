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
    private sealed record Key(string Name, string Block, bool Enabled, NumberRule Rule);

    public static IEnumerable<SpecError> Check(SearchSpace space, TechniqueOptions techniques)
    {
        Key[] keys =
        [
            new("sparsity", "pruning", techniques.Pruning is not null, new NumberRule(0, 1, MaxExclusive: true)),
            new(DistillationSettings.TemperatureKey, "distillation", techniques.Distillation is not null, new NumberRule(0, 1000, MinExclusive: true)),
            new(DistillationSettings.AlphaKey, "distillation", techniques.Distillation is not null, new NumberRule(0, 1)),
            new(TransferSettings.FreezeKey, "transfer", techniques.Transfer is not null, new NumberRule(0, 10_000)),
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
            var (low, high, nonNumeric) = NumberRule.Reach(space[key.Name].Domain);
            if (nonNumeric is not null)
                yield return new SpecError($"space.{key.Name}", "must be a number");
            else if (key.Rule.Refused((low, high)) is { } refused)
                yield return new SpecError($"space.{key.Name}", string.Create(CultureInfo.InvariantCulture, $"must lie in {key.Rule.Describe()}, but can take {refused}"));
        }
    }
}
