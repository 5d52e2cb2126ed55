namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// The kernel's parameters in log space (the space they are fitted in): a length scale per input column and a variance
/// for the joint (ARD) Matérn part, the same for the additive part when there is one (<see cref="IsAdditive"/>), and
/// the noise variance. As one vector θ: ARD length scales, additive length scales, log σ²_joint, log σ²_additive, log σ²_noise.
/// </summary>
internal sealed record GpHyperparameters(
    double[] LogLengthScales, double[] LogAdditiveLengthScales, double LogSignalVariance, double LogAdditiveVariance, double LogNoiseVariance)
{
    public int Dimensions => LogLengthScales.Length;
    public bool IsAdditive => LogAdditiveLengthScales.Length > 0;
    public double SignalVariance => Math.Exp(LogSignalVariance);
    public double AdditiveVariance => IsAdditive ? Math.Exp(LogAdditiveVariance) : 0;
    public double NoiseVariance => Math.Exp(LogNoiseVariance);

    /// <summary>The prior variance of the latent function at any point.</summary>
    public double TotalSignalVariance => SignalVariance + AdditiveVariance;

    /// <summary>A starting point: every length scale <paramref name="lengthScale"/>, the signal shared by the parts.</summary>
    public static GpHyperparameters Initial(int dimensions, bool additive, double lengthScale, double noiseVariance, double jointShare = 0.5)
    {
        var log = Math.Log(lengthScale);
        return additive
            ? new(Filled(dimensions, log), Filled(dimensions, log), Math.Log(jointShare), Math.Log(1 - jointShare), Math.Log(noiseVariance))
            : new(Filled(dimensions, log), [], 0, double.NegativeInfinity, Math.Log(noiseVariance));
    }

    public double[] ToVector() => [.. LogLengthScales, .. LogAdditiveLengthScales, LogSignalVariance, .. (IsAdditive ? new[] { LogAdditiveVariance } : []), LogNoiseVariance];

    public static GpHyperparameters FromVector(double[] theta, int dimensions, bool additive) => additive
        ? new(theta[..dimensions], theta[dimensions..(2 * dimensions)], theta[2 * dimensions], theta[2 * dimensions + 1], theta[2 * dimensions + 2])
        : new(theta[..dimensions], [], theta[dimensions], double.NegativeInfinity, theta[dimensions + 1]);

    private static double[] Filled(int n, double value) => Enumerable.Repeat(value, n).ToArray();
}
