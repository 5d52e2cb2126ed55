using MathNet.Numerics;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Local penalization of the acquisition around pending trials (after González et al., "Batch Bayesian optimization
/// via local penalization", 2016), for minimization: with L_j a Lipschitz constant of the loss near a pending point
/// x_j whose predicted loss is μ_j, nothing better than the best result lies within (μ_j − best) / L_j of x_j, so the
/// acquisition is multiplied by the posterior probability that a point lies outside that ball:
/// φ_j(x) = ½ erfc(−(L_j‖x − x_j‖ − μ_j + best) / √(2σ²_j)). Nothing is refitted, and a pending trial near the best
/// blocks only a small ball, so the batch keeps exploiting there. L_j is the gradient norm of the posterior mean at
/// x_j (central differences, encoded unit space), not the paper's global maximum: one steep region (camel's walls)
/// makes a global L so large that no ball excludes anything (docs/benchmarks.md, issue 16, 7c.). Where the mean is
/// flat, φ_j is nearly the same everywhere and leaves the choice to the acquisition.
/// </summary>
internal sealed class LocalPenalizer
{
    private const double Step = 1e-4;
    private const double MinimumLipschitz = 1e-7;
    private const double MinimumSigma = 1e-6;

    private readonly double[][] _centres;
    private readonly double[] _offset; // μ_j − best
    private readonly double[] _inverseScale; // 1 / √(2σ²_j)
    private readonly double[] _lipschitz;

    public LocalPenalizer(GaussianProcess model, IReadOnlyList<double[]> pending, double best)
    {
        _centres = pending.ToArray();
        _offset = new double[_centres.Length];
        _inverseScale = new double[_centres.Length];
        _lipschitz = new double[_centres.Length];
        for (var j = 0; j < _centres.Length; j++)
        {
            var (mean, variance) = model.Predict(_centres[j]);
            _offset[j] = mean - best;
            _inverseScale[j] = 1 / (Math.Sqrt(2 * variance) + MinimumSigma);
            _lipschitz[j] = Math.Max(GradientNorm(model, _centres[j]), MinimumLipschitz);
        }
    }

    /// <summary>Π_j φ_j(x): 1 far from every pending point, towards 0 inside their balls.</summary>
    public double Factor(ReadOnlySpan<double> x)
    {
        var factor = 1.0;
        for (var j = 0; j < _centres.Length; j++)
        {
            var centre = _centres[j];
            var d2 = 0.0;
            for (var c = 0; c < x.Length; c++)
            {
                var t = x[c] - centre[c];
                d2 += t * t;
            }
            var z = (_lipschitz[j] * Math.Sqrt(d2) - _offset[j]) * _inverseScale[j];
            factor *= 0.5 * SpecialFunctions.Erfc(-z);
        }
        return factor;
    }

    private static double GradientNorm(GaussianProcess model, double[] point)
    {
        var x = (double[])point.Clone();
        var sum = 0.0;
        for (var c = 0; c < x.Length; c++)
        {
            var original = x[c];
            x[c] = original + Step;
            var up = model.PredictMean(x);
            x[c] = original - Step;
            var down = model.PredictMean(x);
            x[c] = original;
            var g = (up - down) / (2 * Step);
            sum += g * g;
        }
        return Math.Sqrt(sum);
    }
}
