namespace ModelOpt.Search.Searchers.Gp;

/// <summary>Matérn 5/2 with one length scale per input column (ARD), scaled by a signal variance.</summary>
internal static class Matern52Kernel
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>k(r) for a scaled distance r = sqrt(Σ ((a_d − b_d) / l_d)²).</summary>
    public static double FromScaledDistance(double r, double signalVariance) =>
        signalVariance * (1 + Sqrt5 * r + 5.0 / 3.0 * r * r) * Math.Exp(-Sqrt5 * r);

    /// <summary>
    /// ∂k/∂log l_d divided by ((a_d − b_d) / l_d)²: the same factor for every column, so the gradient of one
    /// length scale is this times that column's scaled squared difference.
    /// </summary>
    public static double LengthScaleGradientFactor(double r, double signalVariance) =>
        signalVariance * 5.0 / 3.0 * (1 + Sqrt5 * r) * Math.Exp(-Sqrt5 * r);

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
