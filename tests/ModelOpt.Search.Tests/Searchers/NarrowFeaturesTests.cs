using ModelOpt.Search.Searchers.Gp;
using Xunit;

namespace ModelOpt.Search.Tests.Searchers;

public class NarrowFeaturesTests
{
    private static GpHyperparameters Fit(double[] additiveLengths, double jointLength) =>
        new([.. additiveLengths.Select(_ => Math.Log(jointLength))], [.. additiveLengths.Select(l => Math.Log(l))], 0, 0, Math.Log(1e-4));

    [Fact]
    public void Short_per_input_length_scales_on_most_inputs_are_narrow_features() =>
        Assert.True(NarrowFeatures.Seen(Fit([0.05, 0.08, 0.1, 0.6, 0.9], jointLength: 1)));

    [Fact]
    public void One_short_length_scale_among_long_ones_is_not() =>
        Assert.False(NarrowFeatures.Seen(Fit([0.05, 0.4, 0.6, 0.9], jointLength: 0.05)));

    [Fact]
    public void Without_an_additive_part_the_joint_length_scales_decide()
    {
        Assert.True(NarrowFeatures.Seen(GpHyperparameters.Initial(3, additive: false, lengthScale: 0.1, noiseVariance: 1e-4)));
        Assert.False(NarrowFeatures.Seen(GpHyperparameters.Initial(3, additive: false, lengthScale: 0.3, noiseVariance: 1e-4)));
    }
}
