using ModelOpt.Training.Models;
using Xunit;

namespace ModelOpt.Training.Tests.Models;

public class ParameterCountTests
{
    [Fact]
    public void The_reference_mlp_has_the_hand_counted_parameters()
    {
        using var model = ModelFactory.Build(ReferenceModels.MlpConfig, [1, 28, 28], 10);
        Assert.Equal(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, ModelFactory.ParameterCount(model));
        Assert.Equal(235_146, ModelFactory.ParameterCount(model));
    }

    [Fact]
    public void The_reference_cnn_has_the_hand_counted_parameters()
    {
        using var model = ModelFactory.Build(ReferenceModels.CnnConfig, [1, 28, 28], 10);
        var conv1 = 1 * 32 * 3 * 3 + 32;
        var conv2 = 32 * 64 * 3 * 3 + 64;
        var dense = 64 * 7 * 7 * 128 + 128;
        Assert.Equal(conv1 + conv2 + dense + 128 * 10 + 10, ModelFactory.ParameterCount(model));
        Assert.Equal(421_642, ModelFactory.ParameterCount(model));
    }

    [Fact]
    public void Gru_and_transformer_counts_match_their_formulas()
    {
        using var gru = ModelFactory.Build(TestData.Config(("family", "rnn"), ("cell", "gru"), ("hidden", 4L)), [5], 3);
        // One GRU layer: 3 gates × (input weights 4×1 + recurrent 4×4 + two biases 4); classifier 4×3 + 3.
        Assert.Equal(3 * (4 * 1 + 4 * 4 + 4 + 4) + 4 * 3 + 3, ModelFactory.ParameterCount(gru));

        using var transformer = ModelFactory.Build(TestData.Config(("family", "transformer"), ("dim", 4L), ("heads", 2L), ("depth", 1L), ("mlpRatio", 2.0), ("patch", 2L)), [1, 4, 4], 3);
        var embedding = 1 * 2 * 2 * 4 + 4;
        var position = 4 * 4;
        var block = 2 * (4 + 4) + (4 * 12 + 12) + (4 * 4 + 4) + (4 * 8 + 8) + (8 * 4 + 4);
        var head = (4 + 4) + 4 * 3 + 3;
        Assert.Equal(embedding + position + block + head, ModelFactory.ParameterCount(transformer));
    }

    [Fact]
    public void Describe_names_the_family_the_parameter_count_and_the_layers()
    {
        var summary = ModelFactory.Describe(ReferenceModels.MlpConfig, [1, 28, 28], 10);
        Assert.Equal("mlp: 235,146 parameters [Flatten, Linear, ReLU, Linear, ReLU, Linear]", summary);
    }
}
