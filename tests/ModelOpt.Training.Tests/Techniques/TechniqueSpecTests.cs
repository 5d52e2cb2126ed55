using ModelOpt.Search;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Training.Tests.Techniques;

/// <summary>Whole specs with techniques: impossible combinations are rejected at validation with their paths.</summary>
public class TechniqueSpecTests
{
    private static string Spec(string space, string workload) => $$"""
        apiVersion: modelopt/v1
        name: techniques
        objective: {metric: val_accuracy, mode: max}
        space:
          lr: {type: float, low: 1.0e-3, high: 0.1, log: true}
        {{space}}
        budget: {maxTrials: 2, maxEpochsPerTrial: 2}
        workload:
          kind: torch
          dataset: synthetic
        {{workload}}
        """;

    private static IReadOnlyList<string> Errors(string space, string workload)
    {
        var catalog = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);
        try
        {
            SpecParser.Parse(Spec(space, workload), catalog);
            return [];
        }
        catch (SpecException e)
        {
            return e.Errors.Select(x => $"{x.Path}: {x.Message}").ToList();
        }
    }

    [Fact]
    public void A_valid_pruning_spec_parses() =>
        Assert.Empty(Errors("  sparsity: {type: float, low: 0.5, high: 0.9}", "  pruning: {scope: layer, schedule: gradual, fineTuneEpochs: 1}"));

    [Theory]
    [InlineData("  sparsity: {type: float, low: 0.5, high: 1.0}", "space.sparsity: must lie in [0, 1), but can take 1")]
    [InlineData("  sparsity: -0.1", "space.sparsity: must lie in [0, 1), but can take -0.1")]
    [InlineData("  epochs: 2", "workload.pruning: pruning needs a target sparsity")]
    public void Pruning_sparsity_must_be_in_the_space_and_in_zero_to_one(string space, string expected)
    {
        var errors = Errors(space, "  pruning: {}");
        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Theory]
    [InlineData("  sparsity: 0.5", "space.sparsity: 'sparsity' only acts with workload.pruning")]
    [InlineData("  distillAlpha: 0.5", "space.distillAlpha: 'distillAlpha' only acts with workload.distillation")]
    [InlineData("  freezeLayers: {type: int, low: 0, high: 2}", "space.freezeLayers: 'freezeLayers' only acts with workload.transfer")]
    public void A_technique_key_without_its_technique_is_an_error(string space, string expected)
    {
        var errors = Errors(space, "");
        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void Distillation_and_transfer_blocks_need_their_checkpoints()
    {
        var errors = Errors("", "  distillation: {}\n  transfer: {from: {search: s1}}\n  pruning: {scope: rows}");
        Assert.Contains(errors, e => e.StartsWith("workload.distillation.teacher: distillation's teacher is required"));
        Assert.Contains(errors, e => e.StartsWith("workload.transfer.from.trial:"));
        Assert.Contains(errors, e => e.StartsWith("workload.pruning.scope: must be one of global, layer"));
    }

    [Fact]
    public void Searchable_settings_must_stay_in_their_ranges()
    {
        var errors = Errors("  distillTemperature: {type: float, low: 0, high: 8}\n  freezeLayers: -1", "  distillation: {teacher: {search: s0, trial: t0001}}\n  transfer: {from: {search: s1, trial: t0002}}");
        Assert.Contains(errors, e => e.StartsWith("space.distillTemperature: must lie in (0, 1000]"));
        Assert.Contains(errors, e => e.StartsWith("space.freezeLayers: must lie in [0, 10000]"));
    }
}
