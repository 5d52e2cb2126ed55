using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Models;
using ModelOpt.Training.Techniques.Transfer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

public class TransferTests
{
    [Theory]
    [InlineData("mlp", "none", 3)]
    [InlineData("mlp", "batch", 3)]
    [InlineData("cnn", "batch", 4)]
    [InlineData("rnn", "layer", 3)]
    [InlineData("transformer", "none", 4)]
    public void Layers_are_the_weight_carrying_layers_with_their_norms_and_the_head_last(string family, string norm, int layers)
    {
        var config = TestData.Config(("family", family), ("norm", norm), ("depth", 2L), ("layers", 2L), ("channels", 4L), ("headUnits", 8L), ("hidden", 8L), ("dim", 8L), ("heads", 2L), ("patch", 4L));
        using var model = ModelFactory.Build(config, [1, 8, 8], 3);
        var groups = LayerGroups.Of(model);
        Assert.True(layers == groups.Layers.Count, string.Join(" | ", groups.Layers.Select(l => string.Join(",", l))));
        Assert.Equal(model.named_parameters().Count(), groups.Layers.Sum(l => l.Count));
        Assert.Equal(model.named_parameters().TakeLast(2).Select(p => p.name), groups.Head);
        if (family == "mlp" && norm == "batch") Assert.Equal(["1.weight", "1.bias", "2.weight", "2.bias"], groups.Layers[0]);
    }

    private static Dictionary<string, object?> Transfer(string path, string head = "new") =>
        new() { ["from"] = new Dictionary<string, object?> { ["path"] = path }, ["head"] = head };

    [Fact]
    public async Task Transfer_keeps_frozen_layers_exactly_trains_the_rest_and_fits_a_new_head_to_the_new_classes()
    {
        var bed = new TechniqueTestBed();
        var pretrain = TechniqueTestBed.Workload(("selectClasses", new List<object?> { 0L, 1L, 2L }));
        await bed.Run(pretrain, "t1", 2, ("depth", 2L), ("norm", "batch"));
        var source = Path.Combine(bed.TrialDir("t1"), CheckpointStore.Best);
        var sourceWeights = TechniqueTestBed.Weights(source, [8], 3);
        using var sourceModel = TechniqueTestBed.Load(source, [8], 3);
        var sourceRunningMean = sourceModel.named_buffers().First(b => b.name == "2.running_mean").buffer.data<float>().ToArray();

        var transfer = TechniqueTestBed.Workload(("selectClasses", new List<object?> { 3L, 4L }), ("trainPerClass", 20L), ("transfer", Transfer(bed.TrialDir("t1"))));
        // The trial's space sets only training keys: the architecture (depth 2, batch norm) comes from the source.
        var (result, reports) = await bed.Run(transfer, "t2", 2, ("freezeLayers", 1L));
        Assert.Equal(2, reports.Count);

        var trained = Path.Combine(bed.TrialDir("t2"), CheckpointStore.Last);
        var after = TechniqueTestBed.Weights(trained, [8], 2);
        Assert.Equal(sourceWeights["1.weight"], after["1.weight"]);
        Assert.Equal(sourceWeights["1.bias"], after["1.bias"]);
        Assert.Equal(sourceWeights["2.weight"], after["2.weight"]);
        Assert.NotEqual(sourceWeights["4.weight"], after["4.weight"]);
        Assert.Equal(2 * 16, after["7.weight"].Length);
        using var trainedModel = TechniqueTestBed.Load(trained, [8], 2);
        Assert.Equal(sourceRunningMean, trainedModel.named_buffers().First(b => b.name == "2.running_mean").buffer.data<float>().ToArray());
        Assert.Equal(2, result.Artifacts!["confusion_matrix"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }

    [Fact]
    public async Task Without_frozen_layers_every_layer_trains_and_keep_head_loads_the_source_head()
    {
        var bed = new TechniqueTestBed();
        await bed.Run(TechniqueTestBed.Workload(), "t1", 1);
        var source = Path.Combine(bed.TrialDir("t1"), CheckpointStore.Best);
        var sourceWeights = TechniqueTestBed.Weights(source, [8], 5);
        var transfer = TechniqueTestBed.Workload(("transfer", Transfer(source, head: "keep")));
        var (result, _) = await bed.Run(transfer, "t2", 1, ("lr", 0.0001));
        var after = TechniqueTestBed.Weights(Path.Combine(bed.TrialDir("t2"), CheckpointStore.Last), [8], 5);
        Assert.NotEqual(sourceWeights["1.weight"], after["1.weight"]);
        // A small learning rate leaves the kept head close to the source's, not at a fresh initialisation.
        Assert.True(sourceWeights["5.weight"].Zip(after["5.weight"]).Max(x => Math.Abs(x.First - x.Second)) < 0.01);
        Assert.True(result.Metrics["val_accuracy"] > 0.5);
    }

    [Fact]
    public async Task Freezing_more_layers_than_the_model_has_fails_the_trial_naming_the_key()
    {
        var bed = new TechniqueTestBed();
        await bed.Run(TechniqueTestBed.Workload(), "t1", 1, ("depth", 2L));
        var transfer = TechniqueTestBed.Workload(("transfer", Transfer(bed.TrialDir("t1"))));
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => bed.Run(transfer, "t2", 1, ("freezeLayers", 3L)));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("'freezeLayers' is '3'", e.Message);
        Assert.Contains("at most 2", e.Message);
    }

    [Fact]
    public void Transfer_without_a_source_is_rejected_with_its_path()
    {
        var e = Assert.Throws<SpecException>(() => TechniqueTestBed.Workload(("transfer", new Dictionary<string, object?> { ["head"] = "fresh" })));
        Assert.Contains(e.Errors, x => x.Path == "workload.transfer.from");
        Assert.Contains(e.Errors, x => x.Path == "workload.transfer.head");
    }
}
