using ModelOpt.Training.Models;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Models;

public class NormalizationTests
{
    [Fact]
    public void Spatial_layer_norm_starts_as_the_identity_affine_map()
    {
        // TorchSharp 0.107's GroupNorm allocates its weight and bias without initializing them.
        for (var i = 0; i < 5; i++)
        {
            using var norm = Normalization.Spatial("layer", 16)!;
            var parameters = norm.parameters().ToList();
            Assert.Equal(2, parameters.Count);
            Assert.True(parameters[0].eq(1).all().item<bool>(), "weight should be all ones");
            Assert.True(parameters[1].eq(0).all().item<bool>(), "bias should be all zeros");
        }
    }

    [Fact]
    public void A_layer_normed_cnn_gives_finite_normalized_scores()
    {
        manual_seed(5);
        using var model = ModelFactory.Build(TestData.Config(("family", "cnn"), ("depth", 2L), ("channels", 8L), ("norm", "layer")), [1, 12, 12], 3);
        model.eval();
        using var input = randn(4, 1, 12, 12);
        using var output = model.call(input);
        Assert.True(output.isfinite().all().item<bool>());
        Assert.True(output.abs().max().item<float>() < 100);
    }
}
