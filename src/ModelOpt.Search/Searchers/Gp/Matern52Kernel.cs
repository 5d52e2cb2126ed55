namespace ModelOpt.Search.Searchers.Gp;

/// <summary>Matérn 5/2 with one length scale per input column (ARD), scaled by a signal variance.</summary>
internal static class Matern52Kernel
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>k(r) for a scaled distance r = sqrt(Σ ((a_d − b_d) / l_d)²).</summary>
    public static double FromScaledDistance(double r, double signalVariance) =>
        signalVariance * (1 + Sqrt5 * r + 5.0 / 3.0 * r * r) * Math.Exp(-Sqrt5 * r);

    /// <summary>
    /// k(r) and ∂k/∂log l_d divided by ((a_d − b_d) / l_d)²: that factor is the same for every column, so the gradient
    /// of one length scale is it times that column's scaled squared difference. Both share one exponential.
    /// </summary>
    public static (double Value, double GradientFactor) WithGradientFactor(double r, double signalVariance)
    {
        var decay = signalVariance * Math.Exp(-Sqrt5 * r);
        return ((1 + Sqrt5 * r + 5.0 / 3.0 * r * r) * decay, 5.0 / 3.0 * (1 + Sqrt5 * r) * decay);
    }

    public static double ScaledDistance(double[] a, double[] b, double[] lengthScales)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            var t = (a[d] - b[d]) / lengthScales[d];
            sum += t * t;
        }
        return Math.Sqrt(sum);
    }
}
