namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// A weighted mixture with one kernel per observation plus one broad prior kernel, over one or more dimensions:
/// truncated Gaussians on [0, 1] for numeric dimensions, smoothed point masses for categorical ones. Each kernel's
/// width in a numeric dimension follows the distance to its neighbours in that dimension (<c>bandwidth: neighbours</c>,
/// the default: narrow where observations crowd, wide where they are sparse); <c>bandwidth: scott</c> gives every
/// kernel one Scott-style width per dimension instead, as Optuna 3.1's multivariate TPE does, which on Branin stays
/// too wide to converge. Kernels of running trials take no part in the other kernels' neighbour widths.
/// With <see cref="TpeOptions.WidthWeightedScoring"/>, <see cref="LogDensity"/> scores each numeric kernel in
/// proportion to its width as well as its weight (it leaves out the kernel's 1/σ factor). Sampling is unaffected;
/// in scoring, isolated observations then count more than tight clusters. This is how Optuna 3.1.0's TPE scores
/// (its truncated-normal log-pdf omits the scale term). Over several dimensions with neighbour widths the width that
/// counts is the geometric mean of the kernel's widths; leaving out every dimension's 1/σ would multiply the
/// weights' spread and let a few wide kernels decide (docs/benchmarks.md, "Searchers: auto").
/// </summary>
internal sealed class ParzenEstimator
{
    private const double ScottFactor = 0.2;
    private const double MinimumSigma = 1e-12;
    // A kernel whose mean lies this many widths inside both bounds keeps all but 1e-16 of its mass in [0, 1].
    private const double InsideBounds = 8.3;
    // Kernels this far (in log) below the prior kernel's smallest value contribute less than 1e-16 and are skipped.
    private const double NegligibleLogRatio = -37;
    // The prior kernel (mean 0.5, width 1) is never more than half a width from a point of [0, 1].
    private const double PriorLogFloorPerDimension = -0.125;

    private readonly IReadOnlyList<TpeDimension> _dimensions;
    private readonly int _kernels;
    private readonly double[] _logBase;     // log weight + the numeric kernels' log normalizers, per kernel
    private readonly double[] _cumulativeWeight;
    private readonly double[][] _mean;      // per dimension, per kernel (numeric dimensions; categories as indices)
    private readonly double[][] _sigma;
    private readonly double[][] _inverseSigma;
    private readonly double[] _logHit, _logMiss, _logUniform, _hitProbability; // per categorical dimension
    private readonly double[] _scratch;
    private readonly bool _singleNumeric;
    private readonly double _negligible;

    /// <param name="columns">columns[d][i]: observation i's encoded value in dimension d.</param>
    /// <param name="weights">Each observation's weight; the prior kernel weighs <see cref="TpeOptions.PriorWeight"/>.</param>
    /// <param name="isRunning">Which observations are running trials (null: none).</param>
    public ParzenEstimator(IReadOnlyList<TpeDimension> dimensions, double[][] columns, double[] weights, int observations, TpeOptions options, bool[]? isRunning = null)
    {
        _dimensions = dimensions;
        _kernels = observations + 1;
        var prior = observations;
        var d = dimensions.Count;

        var weightSum = options.PriorWeight;
        for (var i = 0; i < observations; i++) weightSum += weights[i];
        _logBase = new double[_kernels];
        _cumulativeWeight = new double[_kernels];
        var running = 0.0;
        var logWeightSum = Math.Log(weightSum);
        for (var i = 0; i < _kernels; i++)
        {
            var w = i == prior ? options.PriorWeight : weights[i];
            _logBase[i] = (w == 1 ? 0 : Math.Log(w)) - logWeightSum; // most weights are 1: skip their log
            running += w / weightSum;
            _cumulativeWeight[i] = running;
        }

        _mean = new double[d][];
        _sigma = new double[d][];
        _inverseSigma = new double[d][];
        _logHit = new double[d];
        _logMiss = new double[d];
        _logUniform = new double[d];
        _hitProbability = new double[d];
        // Width-weighted scoring leaves out each kernel's normalizing 1/σ, so a kernel counts in proportion to its width;
        // over several numeric dimensions that width is the geometric mean of the kernel's widths, so the weights
        // stay as spread as in one dimension instead of multiplying.
        var numeric = dimensions.Count(x => !x.IsCategorical);
        var widthExponent = options.WidthWeightedScoring && options.NeighbourBandwidth ? 1.0 - 1.0 / Math.Max(numeric, 1)
            : options.WidthWeightedScoring ? 0 : 1;
        for (var k = 0; k < d; k++)
        {
            var dimension = dimensions[k];
            var mean = new double[_kernels];
            Array.Copy(columns[k], mean, observations);
            _mean[k] = mean;
            if (dimension.IsCategorical)
            {
                // Each observation kernel is its point mass (weight 1) plus priorWeight/(n+1) on every choice, so
                // kernels sharpen as observations accumulate.
                var choices = dimension.Categories;
                var smoothing = options.PriorWeight / (observations + 1);
                var total = 1 + choices * smoothing;
                _logHit[k] = Math.Log((1 + smoothing) / total);
                _logMiss[k] = Math.Log(smoothing / total);
                _logUniform[k] = -Math.Log(choices);
                _hitProbability[k] = 1 / total;
                mean[prior] = -1;
                continue;
            }
            mean[prior] = 0.5;
            var sigma = d == 1 || options.NeighbourBandwidth ? NeighbourSigmasBesideRunning(mean, observations, options, isRunning) : ScottSigmas(observations, d);
            var low = Math.Max(options.MagicClip ? 1.0 / Math.Min(100.0, 1.0 + _kernels) : MinimumSigma, dimension.Spacing / 2);
            for (var i = 0; i < observations; i++) sigma[i] = Math.Clamp(sigma[i], low, 1.0);
            sigma[prior] = 1.0;
            var inverse = new double[_kernels];
            double lastSigma = double.NaN, lastLogSigma = 0;
            for (var i = 0; i < _kernels; i++)
            {
                inverse[i] = 1 / sigma[i];
                // Many kernels share the clipped minimum width: reuse its log.
                if (sigma[i] != lastSigma) (lastSigma, lastLogSigma) = (sigma[i], Math.Log(sigma[i]));
                double above = (1 - mean[i]) * inverse[i], below = mean[i] * inverse[i];
                var logMass = above > InsideBounds && below > InsideBounds ? 0 : Math.Log(Math.Max(Gaussian.Cdf(above) - Gaussian.Cdf(-below), 1e-300));
                _logBase[i] -= widthExponent * lastLogSigma + Gaussian.LogSqrtTwoPi + logMass;
            }
            _sigma[k] = sigma;
            _inverseSigma[k] = inverse;
        }
        _scratch = new double[_kernels];
        _singleNumeric = d == 1 && !dimensions[0].IsCategorical;
        var priorFloor = _logBase[prior];
        for (var k = 0; k < d; k++) priorFloor += dimensions[k].IsCategorical ? _logUniform[k] : PriorLogFloorPerDimension;
        _negligible = priorFloor + NegligibleLogRatio;
    }

    /// <summary>Log density (mass, for categorical dimensions) at <paramref name="x"/>, one encoded value per dimension.</summary>
    public double LogDensity(ReadOnlySpan<double> x)
    {
        // The prior kernel contributes at least exp(_negligible + 37) anywhere, so the sum never underflows and
        // kernels below _negligible change it by less than 1e-16: no max-shift needed, and most exps are skipped.
        var sum = 0.0;
        if (_singleNumeric)
        {
            double xk = x[0];
            double[] mean = _mean[0], inverse = _inverseSigma[0], logBase = _logBase;
            for (var i = 0; i < mean.Length; i++)
            {
                var z = (xk - mean[i]) * inverse[i];
                var term = logBase[i] - 0.5 * z * z;
                if (term > _negligible) sum += Math.Exp(term);
            }
            return Math.Log(sum);
        }
        var e = _scratch;
        Array.Copy(_logBase, e, _kernels);
        for (var k = 0; k < _dimensions.Count; k++)
        {
            var mean = _mean[k];
            var xk = x[k];
            if (_dimensions[k].IsCategorical)
            {
                double hit = _logHit[k], miss = _logMiss[k];
                for (var i = 0; i < _kernels - 1; i++) e[i] += mean[i] == xk ? hit : miss;
                e[_kernels - 1] += _logUniform[k];
                continue;
            }
            var inverse = _inverseSigma[k];
            for (var i = 0; i < _kernels; i++)
            {
                var z = (xk - mean[i]) * inverse[i];
                e[i] -= 0.5 * z * z;
            }
        }
        for (var i = 0; i < _kernels; i++)
            if (e[i] > _negligible) sum += Math.Exp(e[i]);
        return Math.Log(sum);
    }

    /// <summary>Draws a point: picks a kernel by weight, then a value from it in every dimension.</summary>
    public void Sample(DeterministicRandom random, Span<double> x)
    {
        var kernel = Array.BinarySearch(_cumulativeWeight, random.NextDouble() * _cumulativeWeight[_kernels - 1]);
        SampleFrom(random, x, Math.Min(kernel < 0 ? ~kernel : kernel, _kernels - 1));
    }

    /// <summary>Draws a point from one kernel (an observation's index, or the prior's last), its numeric widths scaled by <paramref name="widthScale"/>.</summary>
    public void SampleFrom(DeterministicRandom random, Span<double> x, int kernel, double widthScale = 1.0)
    {
        var prior = kernel == _kernels - 1;
        for (var k = 0; k < _dimensions.Count; k++)
        {
            var dimension = _dimensions[k];
            if (dimension.IsCategorical)
                x[k] = !prior && random.NextDouble() < _hitProbability[k] ? _mean[k][kernel] : random.NextInt(dimension.Categories);
            else
                x[k] = Gaussian.SampleUnit(random, _mean[k][kernel], _sigma[k][kernel] * widthScale);
        }
    }

    /// <summary>
    /// Neighbour widths from the finished observations (and the prior) alone; each running trial's kernel is as wide as
    /// the larger gap to the finished values on either side of it. Were running trials neighbours too, a batch gathered
    /// near the best result would narrow the best's kernel, and the next suggestions would crowd there: with 8 trials in
    /// flight that cost Levy 1.82x sequential TPE's regret, 1.40x without (docs/benchmarks.md, issue 16, 7l.).
    /// </summary>
    private static double[] NeighbourSigmasBesideRunning(double[] mean, int observations, TpeOptions options, bool[]? running)
    {
        var runningCount = 0;
        for (var i = 0; i < observations && running is not null; i++) if (running[i]) runningCount++;
        if (runningCount == 0) return NeighbourSigmas(mean, observations, options);

        var finished = observations - runningCount;
        var subset = new double[finished + 1]; // the finished values, then the prior's
        var indexOf = new int[finished];
        for (int i = 0, f = 0; i < observations; i++)
            if (!running![i]) { indexOf[f] = i; subset[f++] = mean[i]; }
        subset[finished] = mean[observations];
        var (sorted, order) = SortedWithPrior(subset, finished);
        var subsetSigma = GapSigmas(sorted, order, options);
        var sigma = new double[observations + 1];
        for (var f = 0; f < finished; f++) sigma[indexOf[f]] = subsetSigma[f];
        sigma[observations] = subsetSigma[finished];

        for (var i = 0; i < observations; i++)
        {
            if (!running![i]) continue;
            var at = Array.BinarySearch(sorted, mean[i]);
            if (at < 0) at = ~at;
            var left = at > 0 ? mean[i] - sorted[at - 1] : double.NaN;
            var right = at < sorted.Length ? sorted[at] - mean[i] : double.NaN;
            sigma[i] = LargerGap(left, right);
        }
        return sigma;
    }

    /// <summary>Each kernel as wide as the larger gap to its sorted neighbours (the prior at 0.5 included).</summary>
    private static double[] NeighbourSigmas(double[] mean, int observations, TpeOptions options)
    {
        var (sorted, order) = SortedWithPrior(mean, observations);
        return GapSigmas(sorted, order, options);
    }

    /// <summary>The observations' values and the prior's (last in <paramref name="mean"/>) in ascending order, with where each came from.</summary>
    private static (double[] Sorted, int[] Order) SortedWithPrior(double[] mean, int observations)
    {
        var n = observations + 1;
        var order = new int[n];
        var sorted = new double[n];
        if (IsAscending(mean, observations))
        {
            // The univariate searcher hands observations over in ascending order: merge the prior in, no sort.
            var at = 0;
            while (at < observations && mean[at] < 0.5) at++;
            for (var i = 0; i < observations; i++)
            {
                var r = i < at ? i : i + 1;
                order[r] = i;
                sorted[r] = mean[i];
            }
            order[at] = observations;
            sorted[at] = mean[observations];
        }
        else
        {
            for (var i = 0; i < n; i++) { order[i] = i; sorted[i] = mean[i]; }
            Array.Sort(sorted, order);
        }
        return (sorted, order);
    }

    /// <summary>Each value's width: the larger gap to its neighbours in <paramref name="sorted"/>, by original position.</summary>
    private static double[] GapSigmas(double[] sorted, int[] order, TpeOptions options)
    {
        var n = sorted.Length;
        var sigma = new double[n];
        for (var r = 0; r < n; r++)
        {
            var left = r > 0 ? sorted[r] - sorted[r - 1] : options.ConsiderEndpoints || n == 1 ? sorted[r] : double.NaN;
            var right = r < n - 1 ? sorted[r + 1] - sorted[r] : options.ConsiderEndpoints || n == 1 ? 1 - sorted[r] : double.NaN;
            sigma[order[r]] = LargerGap(left, right);
        }
        return sigma;
    }

    /// <summary>The larger of the gaps to the two neighbours; NaN stands for a side without one.</summary>
    private static double LargerGap(double left, double right) =>
        double.IsNaN(left) ? right : double.IsNaN(right) ? left : Math.Max(left, right);

    private static bool IsAscending(double[] values, int count)
    {
        for (var i = 1; i < count; i++)
            if (values[i] < values[i - 1]) return false;
        return true;
    }

    private static double[] ScottSigmas(int observations, int dimensions)
    {
        var sigma = new double[observations + 1];
        Array.Fill(sigma, ScottFactor * Math.Pow(Math.Max(observations, 1), -1.0 / (dimensions + 4)));
        return sigma;
    }
}
