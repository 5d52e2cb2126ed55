namespace ModelOpt.Benchmarks;

/// <summary>Quantiles of timing samples by the nearest-rank rule: the smallest sample with at least a share q at or below it.</summary>
public static class NearestRank
{
    /// <param name="sorted">Samples in ascending order, at least one.</param>
    public static double Of(IReadOnlyList<double> sorted, double q) =>
        sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1))];
}
