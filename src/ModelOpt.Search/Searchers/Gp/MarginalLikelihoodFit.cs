namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Fits length scales, signal and noise variance by maximizing the log marginal likelihood (plus weak log-normal
/// priors that keep a handful of points from driving them to extremes) with Adam from two fixed starting points
/// (both screened for a few steps, the better one climbed further).
/// Deterministic: no random restarts, no warm start from earlier fits.
/// </summary>
internal static class MarginalLikelihoodFit
{
    private const int Iterations = 30, ScreeningIterations = 10;
    private const double LearningRate = 0.1;
    private static readonly double MinLogLength = Math.Log(0.01), MaxLogLength = Math.Log(20);
    private static readonly double MinLogSignal = Math.Log(0.05), MaxLogSignal = Math.Log(20);
    private static readonly double MinLogNoise = Math.Log(1e-6), MaxLogNoise = Math.Log(0.5);
    private static readonly double PriorLogLength = Math.Log(0.5);
    private const double PriorLogLengthStd = 1.5, PriorLogSignalStd = 1.5;

    public static GpHyperparameters Fit(double[][] x, double[] y)
    {
        var squaredDiffs = SquaredDifferences(x);
        var dims = x[0].Length;
        var runs = new[]
        {
            new Ascent(y, squaredDiffs, GpHyperparameters.Initial(dims, 0.5, 1e-3)),
            new Ascent(y, squaredDiffs, GpHyperparameters.Initial(dims, 0.15, 1e-2)),
        };
        // Screen both starts briefly, then spend the rest of the budget on the more likely one.
        foreach (var run in runs) run.Climb(ScreeningIterations);
        var best = runs.MaxBy(r => r.BestValue)!;
        best.Climb(Iterations - ScreeningIterations);
        return best.Best;
    }

    /// <summary>Adam on θ from one starting point, remembering the best θ seen.</summary>
    private sealed class Ascent(double[] y, double[][] squaredDiffs, GpHyperparameters start)
    {
        private readonly int _dims = start.LogLengthScales.Length;
        private readonly double[] _theta = [.. start.LogLengthScales, start.LogSignalVariance, start.LogNoiseVariance];
        private readonly double[] _m = new double[start.LogLengthScales.Length + 2];
        private readonly double[] _v = new double[start.LogLengthScales.Length + 2];
        private double[] _bestTheta = [.. start.LogLengthScales, start.LogSignalVariance, start.LogNoiseVariance];
        private int _step;

        public double BestValue { get; private set; } = double.NegativeInfinity;
        public GpHyperparameters Best => new(_bestTheta[.._dims], _bestTheta[_dims], _bestTheta[_dims + 1]);

        public void Climb(int iterations)
        {
            for (var k = 0; k < iterations; k++)
            {
                if (Evaluate(y, squaredDiffs, _theta, _dims) is not var (value, gradient)) return;
                if (value > BestValue) (BestValue, _bestTheta) = (value, (double[])_theta.Clone());
                _step++;
                for (var i = 0; i < _theta.Length; i++)
                {
                    _m[i] = 0.9 * _m[i] + 0.1 * gradient[i];
                    _v[i] = 0.999 * _v[i] + 0.001 * gradient[i] * gradient[i];
                    var step = LearningRate * (_m[i] / (1 - Math.Pow(0.9, _step))) / (Math.Sqrt(_v[i] / (1 - Math.Pow(0.999, _step))) + 1e-8);
                    _theta[i] = Clamp(i, _dims, _theta[i] + step);
                }
            }
        }
    }

    private static double Clamp(int i, int dims, double value) =>
        i < dims ? Math.Clamp(value, MinLogLength, MaxLogLength)
        : i == dims ? Math.Clamp(value, MinLogSignal, MaxLogSignal)
        : Math.Clamp(value, MinLogNoise, MaxLogNoise);

    /// <summary>Log posterior of θ = (log l₁…log l_d, log σ²_f, log σ²_n) and its gradient, or null when K is indefinite.</summary>
    private static (double Value, double[] Gradient)? Evaluate(double[] y, double[][] squaredDiffs, double[] theta, int dims)
    {
        var n = y.Length;
        var inverseSquaredLengths = theta[..dims].Select(t => Math.Exp(-2 * t)).ToArray();
        var signal = Math.Exp(theta[dims]);
        var noise = Math.Exp(theta[dims + 1]);

        var k = new double[n * n];
        var factor = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            k[a * n + a] = signal + noise;
            for (var b = 0; b < a; b++)
            {
                var r2 = 0.0;
                for (var d = 0; d < dims; d++) r2 += squaredDiffs[d][a * n + b] * inverseSquaredLengths[d];
                var (kernel, gradientFactor) = Matern52Kernel.WithGradientFactor(Math.Sqrt(r2), signal);
                k[a * n + b] = k[b * n + a] = kernel;
                factor[a * n + b] = gradientFactor;
            }
        }
        var cholesky = CholeskyFactor.TryCreate(k, n);
        if (cholesky is null) return null;
        var alpha = cholesky.Solve(y);
        var inverse = cholesky.Inverse();
        var fit = 0.0;
        for (var i = 0; i < n; i++) fit += alpha[i] * y[i];
        var value = -0.5 * fit - 0.5 * cholesky.LogDeterminant() - 0.5 * n * Math.Log(2 * Math.PI);

        // ∂/∂θ_j = ½ tr(W ∂K/∂θ_j) with W = ααᵀ − K⁻¹; W and ∂K are symmetric, so sum the lower triangle twice.
        var gradient = new double[dims + 2];
        var traceW = 0.0;
        for (var a = 0; a < n; a++)
        {
            var wDiag = alpha[a] * alpha[a] - inverse[a * n + a];
            traceW += wDiag;
            gradient[dims] += 0.5 * wDiag * signal;
            for (var b = 0; b < a; b++)
            {
                var w = alpha[a] * alpha[b] - inverse[a * n + b];
                gradient[dims] += w * k[a * n + b];
                var f = w * factor[a * n + b];
                for (var d = 0; d < dims; d++) gradient[d] += f * squaredDiffs[d][a * n + b] * inverseSquaredLengths[d];
            }
        }
        gradient[dims + 1] = 0.5 * traceW * noise;

        for (var d = 0; d < dims; d++)
        {
            var z = (theta[d] - PriorLogLength) / PriorLogLengthStd;
            value -= 0.5 * z * z;
            gradient[d] -= z / PriorLogLengthStd;
        }
        var zs = theta[dims] / PriorLogSignalStd;
        value -= 0.5 * zs * zs;
        gradient[dims] -= zs / PriorLogSignalStd;
        return (value, gradient);
    }

    private static double[][] SquaredDifferences(double[][] x)
    {
        var n = x.Length;
        var dims = x[0].Length;
        var diffs = new double[dims][];
        for (var d = 0; d < dims; d++)
        {
            diffs[d] = new double[n * n];
            for (var a = 0; a < n; a++)
                for (var b = 0; b < a; b++)
                {
                    var t = x[a][d] - x[b][d];
                    diffs[d][a * n + b] = t * t;
                }
        }
        return diffs;
    }
}
