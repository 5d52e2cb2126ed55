using ModelOpt.Search.Searchers.Gp;
using Xunit;

namespace ModelOpt.Search.Tests.Searchers;

public class PosteriorPathTests
{
    [Fact]
    public void Posterior_draws_have_the_posteriors_mean_and_variance()
    {
        var random = new DeterministicRandom(11);
        var x = Enumerable.Range(0, 8).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
        var y = x.Select(p => Math.Sin(4 * p[0]) + p[1]).ToArray();
        var h = GpHyperparameters.Initial(2, additive: true, lengthScale: 0.3, noiseVariance: 0.01);
        var model = GaussianProcess.TryCreate(x, y, h)!;
        double[][] points = [[0.5, 0.5], [0.05, 0.9], [0.95, 0.1]];
        const int draws = 600;
        var values = new double[points.Length][];
        for (var p = 0; p < points.Length; p++) values[p] = new double[draws];
        for (var d = 0; d < draws; d++)
        {
            var path = model.SamplePath(random, jointFeatures: 1024, additiveFeatures: 128);
            for (var p = 0; p < points.Length; p++) values[p][d] = path.Value(points[p]);
        }
        for (var p = 0; p < points.Length; p++)
        {
            var (mean, variance) = model.Predict(points[p]);
            var sampleMean = values[p].Average();
            var sampleVariance = values[p].Select(v => (v - sampleMean) * (v - sampleMean)).Sum() / (draws - 1);
            // Four standard errors of the Monte-Carlo estimates, plus a little for the finite feature count.
            Assert.True(Math.Abs(sampleMean - mean) < 4 * Math.Sqrt(variance / draws) + 0.02, $"point {p}: mean {sampleMean} against {mean}");
            Assert.True(Math.Abs(sampleVariance / variance - 1) < 4 * Math.Sqrt(2.0 / draws) + 0.1, $"point {p}: variance {sampleVariance} against {variance}");
        }
    }
}
