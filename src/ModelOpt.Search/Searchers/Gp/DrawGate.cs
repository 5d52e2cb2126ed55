namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Under <c>pendingStrategy: gated</c>, whether a pending slot gets a tempered posterior draw (or, every other slot,
/// EI in the box around the best result) rather than EI under the kriging believer: only once
/// <see cref="MinResults"/> results exist, and only while the fit sees no features finer than it can resolve — it
/// calls at most <see cref="MaxNoiseShare"/> of the variance noise (the benchmark objectives are noise-free, so noise
/// stands for what the kernel cannot fit) and the median of its per-input length scales, in the encoded unit cube, is
/// at least <see cref="MinLengthScale"/>. Such surfaces (Michalewicz's steep narrow valleys) need the batch spread
/// over many minima, which EI does and draws around the best valley do not. In flight their fits show it late, hence
/// no draws before the results minimum (docs/benchmarks.md, issue 16, 7k.).
/// </summary>
internal static class DrawGate
{
    // Sequential fits, seeds 1–20, from 30 results on: every function but Michalewicz and Levy keeps its noise share
    // under 0.1 % and its median length scale over 0.2; Michalewicz's fits pass one limit or the other in nearly all.
    public const int MinResults = 30;
    public const double MaxNoiseShare = 0.001;
    public const double MinLengthScale = 0.2;

    public static bool AllowsDraw(int results, GpHyperparameters fit)
    {
        if (results < MinResults) return false;
        if (fit.NoiseVariance / (fit.NoiseVariance + fit.TotalSignalVariance) > MaxNoiseShare) return false;
        var logs = (fit.IsAdditive ? fit.LogAdditiveLengthScales : fit.LogLengthScales).Order().ToArray();
        var mid = logs.Length / 2;
        var median = logs.Length % 2 == 1 ? logs[mid] : (logs[mid - 1] + logs[mid]) / 2;
        return median >= Math.Log(MinLengthScale);
    }
}
