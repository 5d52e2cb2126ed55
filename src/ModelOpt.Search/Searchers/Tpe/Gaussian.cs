namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>Standard normal helpers for the truncated kernels of the Parzen estimators.</summary>
internal static class Gaussian
{
    public static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Φ(z), via the Abramowitz–Stegun 7.1.26 rational approximation of erf (absolute error below 1.5e-7), which is cheap enough to run per kernel.</summary>
    public static double Cdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        var erf = 1 - poly * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>A draw from N(mean, sd²) truncated to [0, 1], by rejection (the kernels keep at least half their mass inside).</summary>
    public static double SampleUnit(DeterministicRandom random, double mean, double sd)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var v = random.Normal(mean, sd);
            if (v is >= 0 and <= 1) return v;
        }
        return Math.Clamp(mean, 0, 1);
    }
}
