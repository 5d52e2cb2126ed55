namespace ModelOpt.Search.Searchers.Gp;

/// <summary>Losses as a GP fits them: mean 0 and deviation 1 (all-equal losses keep deviation 1, so they stay 0).</summary>
internal static class LossScale
{
    public static double[] Standardize(double[] losses)
    {
        var mean = losses.Average();
        var std = Math.Sqrt(losses.Select(l => (l - mean) * (l - mean)).Average());
        if (std < 1e-12) std = 1;
        return losses.Select(l => (l - mean) / std).ToArray();
    }
}
