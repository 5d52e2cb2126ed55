namespace ModelOpt.Search.Searchers.Gp;

/// <summary>A zero-mean GP posterior over standardized targets, for fixed hyperparameters.</summary>
internal sealed class GaussianProcess
{
    private readonly double[][] _x;
    private readonly double[] _lengthScales;
    private readonly double _signalVariance;
    private readonly double[] _alpha;
    private readonly CholeskyFactor _factor;

    private GaussianProcess(double[][] x, GpHyperparameters h, CholeskyFactor factor, double[] y)
    {
        _x = x;
        _lengthScales = h.LengthScales;
        _signalVariance = h.SignalVariance;
        _factor = factor;
        _alpha = factor.Solve(y);
    }

    /// <summary>The posterior, or null when the covariance is not positive definite even with jitter.</summary>
    public static GaussianProcess? TryCreate(double[][] x, double[] y, GpHyperparameters h)
    {
        var factor = CholeskyFactor.TryCreate(Covariance(x, h.LengthScales, h.SignalVariance, h.NoiseVariance), x.Length);
        return factor is null ? null : new GaussianProcess(x, h, factor, y);
    }

    /// <summary>Posterior mean and variance of the latent function (observation noise excluded).</summary>
    public (double Mean, double Variance) Predict(double[] point)
    {
        var n = _x.Length;
        var k = new double[n];
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            k[i] = Matern52Kernel.FromScaledDistance(Matern52Kernel.ScaledDistance(point, _x[i], _lengthScales), _signalVariance);
            mean += k[i] * _alpha[i];
        }
        _factor.ForwardSubstitute(k);
        var explained = 0.0;
        for (var i = 0; i < n; i++) explained += k[i] * k[i];
        return (mean, Math.Max(_signalVariance - explained, 1e-12));
    }

    /// <summary>The training covariance K + σ²_n I, row-major.</summary>
    private static double[] Covariance(double[][] x, double[] lengthScales, double signalVariance, double noiseVariance)
    {
        var n = x.Length;
        var k = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            k[i * n + i] = signalVariance + noiseVariance;
            for (var j = 0; j < i; j++)
                k[i * n + j] = k[j * n + i] = Matern52Kernel.FromScaledDistance(Matern52Kernel.ScaledDistance(x[i], x[j], lengthScales), signalVariance);
        }
        return k;
    }
}
