namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Fits the kernel's length scales, variances and noise (<see cref="GpHyperparameters"/>) by maximizing the log marginal
/// likelihood plus weak log-normal priors (which keep a handful of points from driving them to extremes), with Adam
/// from two fixed starting points: both screened for a few steps, the better one climbed further. Deterministic: no
/// random restarts, no warm start from earlier fits.
/// </summary>
internal static class MarginalLikelihoodFit
{
    private const int Iterations = 30, ScreeningIterations = 10;
    private const double LearningRate = 0.1;
    private static readonly double MinLogLength = Math.Log(0.01), MaxLogLength = Math.Log(20);
    private static readonly double MinLogSignal = Math.Log(1e-3), MaxLogSignal = Math.Log(20);
    private static readonly double MinLogNoise = Math.Log(1e-6), MaxLogNoise = Math.Log(0.5);
    private static readonly double PriorLogLength = Math.Log(0.5);
    private const double PriorLogLengthStd = 1.5, PriorLogSignalStd = 1.5;

    public static GpHyperparameters Fit(double[][] x, double[] y, bool additive)
    {
        var problem = new Problem(x, y, additive);
        var dims = x[0].Length;
        var runs = new[]
        {
            new Ascent(problem, GpHyperparameters.Initial(dims, additive, 0.5, 1e-3)),
            new Ascent(problem, GpHyperparameters.Initial(dims, additive, 0.15, 1e-2)),
        };
        // Screen both starts briefly, then spend the rest of the budget on the more likely one.
        foreach (var run in runs) run.Climb(ScreeningIterations);
        var best = runs.MaxBy(r => r.BestValue)!;
        best.Climb(Iterations - ScreeningIterations);
        return GpHyperparameters.FromVector(best.BestTheta, dims, additive);
    }

    /// <summary>Adam on θ from one starting point, remembering the best θ seen.</summary>
    private sealed class Ascent(Problem problem, GpHyperparameters start)
    {
        private readonly double[] _theta = start.ToVector();
        private readonly double[] _m = new double[start.ToVector().Length];
        private readonly double[] _v = new double[start.ToVector().Length];
        private int _step;

        public double BestValue { get; private set; } = double.NegativeInfinity;
        public double[] BestTheta { get; private set; } = start.ToVector();

        public void Climb(int iterations)
        {
            for (var k = 0; k < iterations; k++)
            {
                if (problem.Evaluate(_theta) is not var (value, gradient)) return;
                if (value > BestValue) (BestValue, BestTheta) = (value, (double[])_theta.Clone());
                _step++;
                for (var i = 0; i < _theta.Length; i++)
                {
                    _m[i] = 0.9 * _m[i] + 0.1 * gradient[i];
                    _v[i] = 0.999 * _v[i] + 0.001 * gradient[i] * gradient[i];
                    var step = LearningRate * (_m[i] / (1 - Math.Pow(0.9, _step))) / (Math.Sqrt(_v[i] / (1 - Math.Pow(0.999, _step))) + 1e-8);
                    _theta[i] = problem.Clamp(i, _theta[i] + step);
                }
            }
        }
    }

    /// <summary>The data and the log posterior of θ with its gradient. Pairs (a, b), b &lt; a, are numbered a(a−1)/2 + b.</summary>
    private sealed class Problem
    {
        private readonly double[] _y;
        private readonly int _n, _dims;
        private readonly bool _additive;
        private readonly double[][] _difference; // per column, per pair: |a_c − b_c|
        private readonly int _signal, _noise;    // indexes in θ

        public Problem(double[][] x, double[] y, bool additive)
        {
            _y = y;
            _n = y.Length;
            _dims = x[0].Length;
            _additive = additive;
            _signal = additive ? 2 * _dims : _dims;
            _noise = additive ? _signal + 2 : _signal + 1;
            var pairs = _n * (_n - 1) / 2;
            _difference = new double[_dims][];
            for (var c = 0; c < _dims; c++)
            {
                var column = _difference[c] = new double[pairs];
                for (int a = 0, p = 0; a < _n; a++)
                    for (var b = 0; b < a; b++, p++)
                        column[p] = Math.Abs(x[a][c] - x[b][c]);
            }
        }

        public double Clamp(int i, double value) =>
            i < _signal ? Math.Clamp(value, MinLogLength, MaxLogLength)
            : i < _noise ? Math.Clamp(value, MinLogSignal, MaxLogSignal)
            : Math.Clamp(value, MinLogNoise, MaxLogNoise);

        /// <summary>Log posterior of θ and its gradient, or null when K is indefinite.</summary>
        public (double Value, double[] Gradient)? Evaluate(double[] theta)
        {
            int n = _n, dims = _dims, pairs = n * (n - 1) / 2;
            var inverseSquaredLengths = new double[dims];
            for (var c = 0; c < dims; c++) inverseSquaredLengths[c] = Math.Exp(-2 * theta[c]);
            var joint = Math.Exp(theta[_signal]);
            var additiveVariance = _additive ? Math.Exp(theta[_signal + 1]) : 0;
            var additiveWeight = additiveVariance / dims;
            var noise = Math.Exp(theta[_noise]);
            var inverseAdditiveLengths = new double[dims];
            if (_additive) for (var c = 0; c < dims; c++) inverseAdditiveLengths[c] = Math.Exp(-theta[dims + c]);

            var k = new double[n * n];
            var jointPart = new double[pairs];
            var additivePart = new double[pairs];
            var jointFactor = new double[pairs];
            var additiveGradient = _additive ? new double[dims * pairs] : [];
            for (int a = 0, p = 0; a < n; a++)
            {
                k[a * n + a] = joint + additiveVariance + noise;
                for (var b = 0; b < a; b++, p++)
                {
                    var r2 = 0.0;
                    for (var c = 0; c < dims; c++) r2 += _difference[c][p] * _difference[c][p] * inverseSquaredLengths[c];
                    var (kernel, factor) = Matern52Kernel.WithGradientFactor(Math.Sqrt(r2), joint);
                    var sum = 0.0;
                    if (_additive)
                        for (var c = 0; c < dims; c++)
                        {
                            var r = _difference[c][p] * inverseAdditiveLengths[c];
                            var (value, f) = Matern52Kernel.WithGradientFactor(r, additiveWeight);
                            sum += value;
                            additiveGradient[c * pairs + p] = f * r * r;
                        }
                    jointPart[p] = kernel;
                    additivePart[p] = sum;
                    jointFactor[p] = factor;
                    k[a * n + b] = k[b * n + a] = kernel + sum;
                }
            }
            var cholesky = CholeskyFactor.TryCreate(k, n);
            if (cholesky is null) return null;
            var alpha = cholesky.Solve(_y);
            var inverse = cholesky.Inverse();
            var value0 = -0.5 * DenseMath.Dot(alpha, _y) - 0.5 * cholesky.LogDeterminant() - 0.5 * n * Math.Log(2 * Math.PI);

            // ∂/∂θ_j = ½ tr(W ∂K/∂θ_j) with W = ααᵀ − K⁻¹; W and ∂K are symmetric, so sum the lower triangle twice.
            var gradient = new double[theta.Length];
            var traceW = 0.0;
            for (int a = 0, p = 0; a < n; a++)
            {
                var wDiagonal = alpha[a] * alpha[a] - inverse[a * n + a];
                traceW += wDiagonal;
                gradient[_signal] += 0.5 * wDiagonal * joint;
                if (_additive) gradient[_signal + 1] += 0.5 * wDiagonal * additiveVariance;
                for (var b = 0; b < a; b++, p++)
                {
                    var w = alpha[a] * alpha[b] - inverse[a * n + b];
                    gradient[_signal] += w * jointPart[p];
                    var f = w * jointFactor[p];
                    for (var c = 0; c < dims; c++) gradient[c] += f * _difference[c][p] * _difference[c][p] * inverseSquaredLengths[c];
                    if (!_additive) continue;
                    gradient[_signal + 1] += w * additivePart[p];
                    for (var c = 0; c < dims; c++) gradient[dims + c] += w * additiveGradient[c * pairs + p];
                }
            }
            gradient[_noise] = 0.5 * traceW * noise;

            for (var i = 0; i < _signal; i++)
            {
                var z = (theta[i] - PriorLogLength) / PriorLogLengthStd;
                value0 -= 0.5 * z * z;
                gradient[i] -= z / PriorLogLengthStd;
            }
            for (var i = _signal; i < _noise; i++)
            {
                var z = theta[i] / PriorLogSignalStd;
                value0 -= 0.5 * z * z;
                gradient[i] -= z / PriorLogSignalStd;
            }
            return (value0, gradient);
        }
    }
}
