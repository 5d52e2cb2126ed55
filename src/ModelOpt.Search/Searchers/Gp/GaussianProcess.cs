namespace ModelOpt.Search.Searchers.Gp;

/// <summary>A zero-mean GP posterior over standardized targets, for fixed hyperparameters. Not thread-safe: predictions share one scratch buffer.</summary>
internal sealed class GaussianProcess
{
    private readonly IReadOnlyList<double[]> _x;
    private readonly GpKernel _kernel;
    private readonly double[] _alpha;
    private readonly CholeskyFactor _factor;
    private readonly double[] _k;
    private readonly GpHyperparameters _hyperparameters;
    private readonly double[] _y;

    private GaussianProcess(IReadOnlyList<double[]> x, GpKernel kernel, CholeskyFactor factor, double[] y, GpHyperparameters hyperparameters)
    {
        _x = x;
        _y = y;
        _hyperparameters = hyperparameters;
        _kernel = kernel;
        _factor = factor;
        _alpha = factor.Solve(y);
        _k = new double[x.Count];
    }

    /// <summary>The posterior, or null when the covariance is not positive definite even with jitter.</summary>
    public static GaussianProcess? TryCreate(IReadOnlyList<double[]> x, double[] y, GpHyperparameters h)
    {
        var n = x.Count;
        var kernel = new GpKernel(h);
        var k = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            k[i * n + i] = kernel.Variance + h.NoiseVariance;
            for (var j = 0; j < i; j++) k[i * n + j] = k[j * n + i] = kernel.Value(x[i], x[j]);
        }
        var factor = CholeskyFactor.TryCreate(k, n);
        return factor is null ? null : new GaussianProcess(x, kernel, factor, y, h);
    }

    /// <summary>A posterior draw of the latent function as a whole (<see cref="PosteriorPath"/>).</summary>
    public PosteriorPath SamplePath(DeterministicRandom random, int jointFeatures, int additiveFeatures, double temperature = 1)
    {
        var prior = RandomFourierPrior.Draw(_hyperparameters, random, jointFeatures, additiveFeatures);
        var noise = temperature * Math.Sqrt(_hyperparameters.NoiseVariance);
        var residual = new double[_x.Count];
        for (var i = 0; i < residual.Length; i++) residual[i] = _y[i] - temperature * prior.Value(_x[i]) - noise * random.Normal();
        return new PosteriorPath(prior, temperature, _kernel, _x, _factor.Solve(residual));
    }

    /// <summary>Posterior mean and variance of the latent function (observation noise excluded).</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point)
    {
        for (var i = 0; i < _k.Length; i++) _k[i] = _kernel.Value(point, _x[i]);
        var mean = DenseMath.Dot(_k, _alpha);
        _factor.ForwardSubstitute(_k);
        return (mean, Math.Max(_kernel.Variance - DenseMath.Dot(_k, _k), 1e-12));
    }
}
