using ModelOpt.Search.Searchers.Gp;
using Xunit;

namespace ModelOpt.Search.Tests.Searchers;

public class DrawGateTests
{
    private static GpHyperparameters Fit(double[] additiveLengths, double noiseShare = 1e-4) =>
        new([.. additiveLengths.Select(_ => 0.0)], [.. additiveLengths.Select(l => Math.Log(l))], Math.Log(0.5), Math.Log(0.5), Math.Log(noiseShare / (1 - noiseShare)));

    [Fact]
    public void A_smooth_fit_with_enough_results_gets_draws() => Assert.True(DrawGate.AllowsDraw(40, Fit([0.3, 0.5, 0.8])));

    [Fact]
    public void No_draws_before_the_results_minimum() => Assert.False(DrawGate.AllowsDraw(DrawGate.MinResults - 1, Fit([0.3, 0.5, 0.8])));

    [Fact]
    public void Short_length_scales_on_most_inputs_mean_ei() => Assert.False(DrawGate.AllowsDraw(40, Fit([0.05, 0.08, 0.1, 0.6, 0.9])));

    [Fact]
    public void One_short_length_scale_among_long_ones_still_gets_draws() => Assert.True(DrawGate.AllowsDraw(40, Fit([0.05, 0.4, 0.6, 0.9])));

    [Fact]
    public void A_fit_that_calls_part_of_a_noise_free_loss_noise_means_ei() => Assert.False(DrawGate.AllowsDraw(40, Fit([0.3, 0.5, 0.8], noiseShare: 0.01)));

    [Fact]
    public void Without_an_additive_part_the_joint_length_scales_decide()
    {
        Assert.False(DrawGate.AllowsDraw(40, GpHyperparameters.Initial(3, additive: false, lengthScale: 0.1, noiseVariance: 1e-4)));
        Assert.True(DrawGate.AllowsDraw(40, GpHyperparameters.Initial(3, additive: false, lengthScale: 0.3, noiseVariance: 1e-4)));
    }
}
