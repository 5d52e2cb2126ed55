using ModelOpt.Search.Workloads;
using ModelOpt.Training.Models;
using Xunit;

namespace ModelOpt.Training.Tests.Models;

public class ModelConfigTests
{
    [Fact]
    public void A_family_prefixed_key_wins_over_the_plain_key()
    {
        var config = new ModelConfig(TestData.Config(("cnn.blocks[0].channels", 16L), ("blocks[0].channels", 8L), ("cnn_kernel", 5L), ("kernel", 3L), ("depth", 3L), ("mlp_depth", 1L)), "cnn");
        Assert.Equal(16, config.Int(32, 1, "blocks[0].channels"));
        Assert.Equal(5, config.Int(3, 1, "kernel"));
        Assert.Equal(3, config.Int(1, 1, "depth"));
        Assert.Equal(7, config.Int(7, 0, "headUnits"));
    }

    [Fact]
    public void Per_layer_keys_fall_back_to_the_shared_key_then_the_default()
    {
        var config = new ModelConfig(TestData.Config(("layers[1].units", 5L), ("units", 9L)), "mlp");
        Assert.Equal(9, config.Int(128, 1, "layers[0].units", "units"));
        Assert.Equal(5, config.Int(128, 1, "layers[1].units", "units"));
        Assert.Equal(128, new ModelConfig(TestData.Config(), "mlp").Int(128, 1, "layers[0].units", "units"));
    }

    [Fact]
    public void A_nas_space_over_families_builds_each_family_from_its_own_keys()
    {
        var space = TestData.Config(("family", "mlp"), ("mlp.depth", 1L), ("mlp.layers[0].units", 3L), ("cnn_depth", 1L), ("cnn_blocks[0].channels", 2L), ("cnn_headUnits", 0L), ("depth", 5L));
        using var mlp = ModelFactory.Build(space, [4], 2);
        Assert.Equal(4 * 3 + 3 + 3 * 2 + 2, ModelFactory.ParameterCount(mlp));
        using var cnn = ModelFactory.Build(space.With("family", Search.Spaces.ParameterValue.String("cnn")), [1, 4, 4], 2);
        Assert.Equal(2 * 9 + 2 + 2 * 2 * 2 * 2 + 2, ModelFactory.ParameterCount(cnn));
    }

    [Theory]
    [InlineData("family", "family", "resnet", null)]
    [InlineData("activation", "activation", "swish", null)]
    [InlineData("layers[0].activation", "layers[0].activation", "swish", null)]
    [InlineData("norm", "norm", "group", null)]
    [InlineData("mlp.depth", "mlp.depth", 0L, null)]
    [InlineData("mlp_depth", "mlp_depth", 0L, null)]
    [InlineData("units", "units", -4L, null)]
    [InlineData("layers[1].units", "layers[1].units", 0L, null)]
    [InlineData("dropout", "dropout", 1.0, null)]
    [InlineData("units", "units", "wide", null)]
    [InlineData("units", "units", 2.5, null)]
    [InlineData("blocks[0].channels", "blocks[0].channels", 0L, "cnn")]
    [InlineData("kernel", "kernel", 2L, "cnn")]
    [InlineData("blocks[1].kernel", "blocks[1].kernel", 5L, "cnn")]
    [InlineData("depth", "blocks[3].pool", 4L, "cnn")]
    [InlineData("blocks[0].pool", "blocks[0].pool", "min", "cnn")]
    [InlineData("headUnits", "headUnits", -1L, "cnn")]
    [InlineData("cell", "cell", "rnn", "rnn")]
    [InlineData("hidden", "hidden", 0L, "rnn")]
    [InlineData("bidirectional", "bidirectional", "yes", "rnn")]
    [InlineData("heads", "heads", 3L, "transformer")]
    [InlineData("patch", "patch", 3L, "transformer")]
    [InlineData("dim", "dim", 0L, "transformer")]
    [InlineData("mlpRatio", "mlpRatio", 0.0, "transformer")]
    public void A_bad_value_fails_as_bad_config_naming_its_key(string key, string namedKey, object value, string? family)
    {
        // 8x8 images: the cnn's second block sees 4x4, a fourth block would pool a 1x1 input.
        var values = new Dictionary<string, object> { ["family"] = family ?? "mlp", ["depth"] = 2L, ["kernel"] = 1L, [key] = value };
        var config = TestData.Config([.. values.Select(kv => (kv.Key, kv.Value))]);
        var e = Assert.Throws<TrialFailedException>(() => ModelFactory.Build(config, [1, 8, 8], 3));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.StartsWith(namedKey + ":", e.Message);
    }

    [Fact]
    public void A_cnn_on_tabular_data_is_a_bad_config()
    {
        var e = Assert.Throws<TrialFailedException>(() => ModelFactory.Build(TestData.Config(("family", "cnn")), [6], 3));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("[C, H, W]", e.Message);
    }
}
