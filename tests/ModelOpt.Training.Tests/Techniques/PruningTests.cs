using ModelOpt.Search.Spaces;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Models;
using ModelOpt.Training.Techniques.Pruning;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

public class PruningTests
{
    private static nn.Module<Tensor, Tensor> Mlp(int depth = 2, string norm = "none")
    {
        manual_seed(3);
        return ModelFactory.Build(TestData.Config(("depth", (long)depth), ("units", 24L), ("norm", norm)), [8], 3);
    }

    private static long Zeros(Tensor t) => t.numel() - t.count_nonzero().item<long>();

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.75)]
    [InlineData(0.95)]
    public void Global_masks_zero_exactly_the_stated_fraction_of_all_weights_and_only_the_smallest(double sparsity)
    {
        using var model = Mlp();
        var weights = PrunableWeights.Of(model).Select(w => (Tensor)w.Weight).ToList();
        var masks = MagnitudePruner.Masks(weights, sparsity, PruningScope.Global);
        var total = weights.Sum(w => w.numel());
        Assert.Equal((long)Math.Floor(sparsity * total), masks.Sum(Zeros));
        var pruned = weights.Zip(masks).SelectMany(x => x.First.abs().masked_select(x.Second.eq(0)).data<float>().ToArray()).ToList();
        var kept = weights.Zip(masks).SelectMany(x => x.First.abs().masked_select(x.Second.ne(0)).data<float>().ToArray()).ToList();
        if (pruned.Count > 0) Assert.True(pruned.Max() <= kept.Min());
        foreach (var m in masks) m.Dispose();
    }

    [Fact]
    public void Per_layer_masks_zero_the_stated_fraction_of_every_weight_tensor()
    {
        using var model = Mlp(depth: 3);
        var weights = PrunableWeights.Of(model).Select(w => (Tensor)w.Weight).ToList();
        Assert.Equal(4, weights.Count);
        var masks = MagnitudePruner.Masks(weights, 0.6, PruningScope.Layer);
        for (var i = 0; i < weights.Count; i++)
            Assert.Equal((long)Math.Floor(0.6 * weights[i].numel()), Zeros(masks[i]));
        foreach (var m in masks) m.Dispose();
    }

    [Fact]
    public void Only_weight_matrices_are_prunable_not_biases_or_norm_scales()
    {
        using var model = Mlp(norm: "batch");
        // Chain: 0 flatten, 1 linear, 2 batch norm, 3 relu, 4 linear, 5 batch norm, 6 relu, 7 classifier.
        Assert.Equal(["1.weight", "4.weight", "7.weight"], PrunableWeights.Of(model).Select(w => w.Name));
        Assert.All(PrunableWeights.Of(model), w => Assert.Equal(2, w.Weight.dim()));
    }

    [Fact]
    public void Gradual_schedule_rises_to_the_target_at_the_last_pruning_epoch_and_one_shot_prunes_once()
    {
        var gradual = new PruningOptions(PruningScope.Global, PruningScheduleKind.Gradual, FineTuneEpochs: 2, StartEpoch: 1);
        var steps = Enumerable.Range(0, 8).Select(e => gradual.SparsityAt(e, 8, 0.8)).ToArray();
        Assert.Null(steps[0]);
        Assert.True(steps[1] > 0 && steps[1] < steps[2] && steps[4] < steps[5]);
        Assert.Equal(0.8, steps[5]!.Value, 12);
        Assert.Null(steps[6]);
        var oneShot = new PruningOptions(PruningScope.Global, PruningScheduleKind.OneShot, FineTuneEpochs: 1, StartEpoch: 0);
        Assert.Equal([null, null, 0.5, null], Enumerable.Range(0, 4).Select(e => oneShot.SparsityAt(e, 4, 0.5)));
    }

    [Theory]
    [InlineData(PruningScope.Global, PruningScheduleKind.OneShot)]
    [InlineData(PruningScope.Layer, PruningScheduleKind.Gradual)]
    public void Training_with_the_hook_reaches_the_target_and_keeps_the_masks_through_fine_tuning(PruningScope scope, PruningScheduleKind schedule)
    {
        using var data = TestData.BlobSplits(features: 8);
        using var model = Mlp();
        var options = new PruningOptions(scope, schedule, FineTuneEpochs: 2, StartEpoch: 0);
        using var hook = new PruningHook(options, 0.7, 256);
        var sparsityAfterEachStep = new List<double>();
        var reports = new List<Search.Workloads.EpochReport>();
        var probe = new StepProbe(s => { if (s.Epoch >= 2) sparsityAfterEachStep.Add(PrunableWeights.Sparsity(s.Model)); });
        var config = TestData.Config(("lr", 0.05), ("batchSize", 32L));
        new ModelTrainer(TestData.Options(config, maxEpochs: 4, hooks: [hook, probe])).Fit(model, data, reports.Add, CancellationToken.None);

        var weights = PrunableWeights.Of(model).Select(w => (Tensor)w.Weight).ToList();
        if (scope == PruningScope.Global) Assert.Equal((long)Math.Floor(0.7 * weights.Sum(w => w.numel())), weights.Sum(Zeros));
        else Assert.All(weights, w => Assert.True(Zeros(w) >= (long)Math.Floor(0.7 * w.numel())));
        Assert.NotEmpty(sparsityAfterEachStep);
        // Per layer, each tensor's count is rounded down on its own, so the overall fraction may sit a little below.
        var floor = scope == PruningScope.Global ? 0.7 - 1e-3 : 0.69;
        Assert.All(sparsityAfterEachStep, s => Assert.True(s >= floor, $"sparsity fell to {s} during fine-tuning"));
        if (schedule == PruningScheduleKind.OneShot) Assert.Equal(0, reports[0].Metrics[PruningHook.SparsityMetric], 6);
        else Assert.InRange(reports[0].Metrics[PruningHook.SparsityMetric], 0.3, 0.69);
        Assert.True(reports[1].Metrics[PruningHook.SparsityMetric] >= floor);
        Assert.True(reports[^1].Metrics.ContainsKey(PruningHook.BeforeMetric) && reports[^1].Metrics.ContainsKey(PruningHook.AfterMetric));
        Assert.True(reports[^1].Metrics[PruningHook.NonZeroMetric] < ModelFactory.ParameterCount(model) * 0.5);
    }

    [Fact]
    public void The_sparse_export_is_smaller_than_the_dense_checkpoint_and_restores_the_same_weights()
    {
        using var model = Mlp();
        var weights = PrunableWeights.Of(model).Select(w => (Tensor)w.Weight).ToList();
        var masks = MagnitudePruner.Masks(weights, 0.8, PruningScope.Global);
        using (no_grad()) for (var i = 0; i < weights.Count; i++) weights[i].mul_(masks[i]);
        var dir = TestData.TempDirectory();
        var dense = CheckpointStore.Save(dir, "last", model, null, new CheckpointInfo(1, "val_accuracy", 0, "adam", new Dictionary<string, object>()));
        var sparse = Path.Combine(dir, SparseModelFile.FileName);
        SparseModelFile.Save(model, sparse);
        var denseBytes = new FileInfo(Path.Combine(dense, "model.bin")).Length;
        Assert.True(new FileInfo(sparse).Length < denseBytes * 0.5, $"sparse {new FileInfo(sparse).Length} vs dense {denseBytes} bytes");

        using var restored = Mlp();
        SparseModelFile.Load(sparse, restored);
        foreach (var ((name, a), (_, b)) in model.named_parameters().Zip(restored.named_parameters()))
            Assert.Equal(a.detach().data<float>().ToArray(), b.detach().data<float>().ToArray());
        foreach (var m in masks) m.Dispose();
    }

    [Fact]
    public async Task A_pruning_trial_reports_sparsity_and_accuracy_before_and_after_and_exports_a_smaller_model()
    {
        var bed = new TechniqueTestBed();
        var workload = TechniqueTestBed.Workload(("pruning", new Dictionary<string, object?> { ["scope"] = "layer", ["fineTuneEpochs"] = 1L }));
        var (result, reports) = await bed.Run(workload, "t1", 3, ("sparsity", 0.6), ("units", 64L));
        Assert.Equal(3, reports.Count);
        Assert.True(result.Metrics[PruningHook.SparsityMetric] >= 0.59, $"sparsity {result.Metrics[PruningHook.SparsityMetric]}");
        Assert.True(result.Metrics["val_accuracy_before_pruning"] > 0.5);
        Assert.True(result.Metrics.ContainsKey("val_accuracy_after_pruning"));
        Assert.True(result.Metrics["pruned_model_bytes"] < result.Metrics["model_bytes"], $"{result.Metrics["pruned_model_bytes"]} vs {result.Metrics["model_bytes"]} bytes");
        Assert.True(File.Exists(result.Artifacts!["pruned_model"]));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    public async Task A_sparsity_outside_zero_to_one_fails_the_trial_naming_the_key(double sparsity)
    {
        var workload = TechniqueTestBed.Workload(("pruning", new Dictionary<string, object?>()));
        var e = await Assert.ThrowsAsync<Search.Workloads.TrialFailedException>(() => new TechniqueTestBed().Run(workload, "t1", 2, ("sparsity", sparsity)));
        Assert.Equal(Search.Workloads.FailureKind.BadConfig, e.Kind);
        Assert.StartsWith("config 'sparsity' is '", e.Message);
        Assert.EndsWith("it must be between 0 and 1 (excluded)", e.Message);
    }

    [Fact]
    public async Task Pruning_without_a_sparsity_or_with_no_epoch_left_to_prune_in_fails_the_trial()
    {
        var bed = new TechniqueTestBed();
        var workload = TechniqueTestBed.Workload(("pruning", new Dictionary<string, object?> { ["fineTuneEpochs"] = 2L }));
        var missing = await Assert.ThrowsAsync<Search.Workloads.TrialFailedException>(() => bed.Run(workload, "t1", 3));
        Assert.Contains("config 'sparsity' is missing", missing.Message);
        var noRoom = await Assert.ThrowsAsync<Search.Workloads.TrialFailedException>(() => bed.Run(workload, "t2", 2, ("sparsity", 0.5)));
        Assert.Contains("workload.pruning.fineTuneEpochs", noRoom.Message);
    }
}

/// <summary>Runs an action after every optimizer step (after the hooks listed before it).</summary>
internal sealed class StepProbe(Action<TrainingState> afterStep) : ITrainingHook
{
    public void AfterStep(TrainingState state) => afterStep(state);
}
