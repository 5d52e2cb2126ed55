namespace ModelOpt.Search.Searchers.Gp;

/// <summary>The kernel's parameters in log space (the space they are fitted in).</summary>
internal sealed record GpHyperparameters(double[] LogLengthScales, double LogSignalVariance, double LogNoiseVariance)
{
    public double[] LengthScales => LogLengthScales.Select(Math.Exp).ToArray();
    public double SignalVariance => Math.Exp(LogSignalVariance);
    public double NoiseVariance => Math.Exp(LogNoiseVariance);

    public static GpHyperparameters Initial(int dimensions, double lengthScale, double noiseVariance) =>
        new(Enumerable.Repeat(Math.Log(lengthScale), dimensions).ToArray(), 0, Math.Log(noiseVariance));
}
