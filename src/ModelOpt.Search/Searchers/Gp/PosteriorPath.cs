namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// One function drawn from a GP posterior that can be evaluated anywhere, by Matheron's rule (Wilson et al. 2020):
/// a prior draw f plus the kernel-weighted correction k(x, X)(K + σ²I)⁻¹(y − f(X) − ε) with ε the noise drawn too.
/// Its minimizer is a Thompson sample; unlike a draw on a fixed candidate set it can be searched like EI.
/// </summary>
internal sealed class PosteriorPath(RandomFourierPrior prior, double temperature, GpKernel kernel, IReadOnlyList<double[]> x, double[] correction)
{
    public double Value(ReadOnlySpan<double> point)
    {
        var value = temperature * prior.Value(point);
        for (var i = 0; i < x.Count; i++) value += correction[i] * kernel.Value(point, x[i]);
        return value;
    }
}
