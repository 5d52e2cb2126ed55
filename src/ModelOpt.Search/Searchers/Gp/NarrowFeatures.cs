namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Whether a fit says the loss varies over distances much shorter than an input's range: the median of its per-input
/// (additive) length scales, in the encoded unit cube, is below <see cref="Threshold"/>. Such surfaces (Michalewicz's
/// steep narrow valleys per input) have minima the model cannot resolve, so pending slots keep EI, which spreads a
/// batch over them, rather than tempered posterior draws, which stay in the valley found. Sequential fits on the
/// benchmark suite: Michalewicz's median falls from ~0.6 at 20 results to 0.04–0.1 from 70 on, while camel,
/// Rosenbrock, Levy, Branin, Hartmann3/6 and Griewank stay at or above 0.15 (docs/benchmarks.md, issue 16, 7k.).
/// </summary>
internal static class NarrowFeatures
{
    public const double Threshold = 0.15;

    public static bool Seen(GpHyperparameters fit)
    {
        var logs = fit.IsAdditive ? fit.LogAdditiveLengthScales : fit.LogLengthScales;
        var sorted = logs.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return median < Math.Log(Threshold);
    }
}
