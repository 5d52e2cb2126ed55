using MathNet.Numerics;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>Expected improvement below <c>best</c> (minimization), with exploration margin ξ.</summary>
internal static class ExpectedImprovement
{
    private static readonly double InvSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);

    public static double Compute(double mean, double variance, double best, double xi)
    {
        var sigma = Math.Sqrt(variance);
        var improvement = best - mean - xi;
        if (sigma < 1e-9) return Math.Max(improvement, 0);
        var z = improvement / sigma;
        var cdf = 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));
        var pdf = InvSqrt2Pi * Math.Exp(-0.5 * z * z);
        return improvement * cdf + sigma * pdf;
    }
}
