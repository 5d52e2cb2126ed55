namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// k(a, b) = σ²_joint · M(‖(a − b) / l‖) + σ²_additive / d · Σ_c M(|a_c − b_c| / m_c), with M the Matérn 5/2 correlation.
/// The joint part models interactions between inputs; the additive part learns each input's own effect from every
/// observation, which is what makes sums of one-dimensional effects (Levy, Michalewicz, and many hyperparameters)
/// learnable in a few dozen trials. The likelihood fit decides how much each part explains.
/// </summary>
internal sealed class GpKernel
{
    private readonly double[] _inverseLengths;
    private readonly double[] _inverseAdditiveLengths;
    private readonly double _jointVariance;
    private readonly double _additiveWeight;

    public GpKernel(GpHyperparameters h)
    {
        _inverseLengths = h.LogLengthScales.Select(l => Math.Exp(-l)).ToArray();
        _inverseAdditiveLengths = h.LogAdditiveLengthScales.Select(l => Math.Exp(-l)).ToArray();
        _jointVariance = h.SignalVariance;
        _additiveWeight = h.IsAdditive ? h.AdditiveVariance / h.Dimensions : 0;
        Variance = h.TotalSignalVariance;
    }

    /// <summary>k(a, a): the prior variance of the latent function.</summary>
    public double Variance { get; }

    public double Value(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var r2 = 0.0;
        var additive = 0.0;
        for (var c = 0; c < a.Length; c++)
        {
            var t = a[c] - b[c];
            var scaled = t * _inverseLengths[c];
            r2 += scaled * scaled;
            if (_additiveWeight > 0) additive += Matern52Kernel.FromScaledDistance(Math.Abs(t) * _inverseAdditiveLengths[c], 1);
        }
        return Matern52Kernel.FromScaledDistance(Math.Sqrt(r2), _jointVariance) + _additiveWeight * additive;
    }
}
