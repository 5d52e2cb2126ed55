using ModelOpt.Training.Models;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Models;

public class ModelShapeTests
{
    private static long[] OutputShape(long[] sampleShape, int classes, params (string, object)[] config)
    {
        manual_seed(3);
        using var model = ModelFactory.Build(TestData.Config(config), sampleShape, classes);
        model.eval();
        using var input = randn([5, .. sampleShape]);
        using var output = model.call(input);
        return output.shape;
    }

    public static TheoryData<string> Families => new(ModelFactory.Families);

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_family_maps_a_batch_of_images_to_one_score_per_class(string family) =>
        Assert.Equal([5L, 4L], OutputShape([1, 8, 8], 4, ("family", family), ("units", 8L), ("channels", 4L), ("headUnits", 8L), ("hidden", 6L), ("dim", 8L), ("heads", 2L), ("depth", 1L)));

    [Theory]
    [InlineData("mlp")]
    [InlineData("rnn")]
    [InlineData("transformer")]
    public void Sequence_and_dense_families_also_take_tabular_samples(string family) =>
        Assert.Equal([5L, 3L], OutputShape([6], 3, ("family", family), ("units", 8L), ("hidden", 6L), ("dim", 8L), ("heads", 2L), ("depth", 1L)));

    [Fact]
    public void Odd_but_legal_configurations_build_and_run()
    {
        Assert.Equal([5L, 2L], OutputShape([3], 2, ("family", "mlp"), ("depth", 1L), ("units", 1L), ("norm", "batch"), ("dropout", 0.3)));
        Assert.Equal([5L, 2L], OutputShape([3, 5, 5], 2, ("family", "cnn"), ("depth", 2L), ("kernel", 1L), ("channels", 2L), ("headUnits", 0L), ("norm", "layer")));
        Assert.Equal([5L, 2L], OutputShape([1, 4, 4], 2, ("family", "cnn"), ("depth", 1L), ("kernel", 3L), ("pool", "none"), ("blocks[0].channels", 2L), ("headUnits", 4L), ("activation", "silu")));
        Assert.Equal([5L, 2L], OutputShape([1, 6, 6], 2, ("family", "rnn"), ("cell", "gru"), ("bidirectional", true), ("layers", 2L), ("hidden", 3L), ("dropout", 0.1), ("norm", "layer")));
        Assert.Equal([5L, 2L], OutputShape([1, 6, 6], 2, ("family", "transformer"), ("patch", 6L), ("dim", 4L), ("heads", 1L), ("depth", 1L), ("mlpRatio", 0.5), ("activation", "gelu")));
    }

    [Fact]
    public void Cnn_layers_are_the_reference_chain_in_order()
    {
        using var model = ModelFactory.Build(ReferenceModels.CnnConfig, [1, 28, 28], 10);
        var layers = model.named_children().Select(c => c.module.GetType().Name);
        Assert.Equal(["Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "ReLU", "Linear"], layers);
    }
}
