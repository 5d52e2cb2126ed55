namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// One function drawn from the GP prior of <see cref="GpKernel"/>, approximated by random Fourier features (Rahimi and
/// Recht 2007): the Matérn 5/2 spectrum is a Student-t with 5 degrees of freedom scaled by the inverse length scales,
/// so f(x) = Σ w_i √(2σ²/D) cos(ω_iᵀx + b_i) with w standard normal has the kernel as its covariance as D grows. The
/// joint part gets features over all inputs, the additive part features of each input alone.
/// </summary>
internal sealed class RandomFourierPrior
{
    private const double Nu = 2.5;

    private readonly Features _joint;
    private readonly Features[] _additive;

    private RandomFourierPrior(Features joint, Features[] additive)
    {
        _joint = joint;
        _additive = additive;
    }

    public static RandomFourierPrior Draw(GpHyperparameters h, DeterministicRandom random, int jointFeatures, int additiveFeatures)
    {
        var joint = Features.Draw(h.LogLengthScales, h.SignalVariance, jointFeatures, random);
        var additive = h.IsAdditive
            ? h.LogAdditiveLengthScales.Select(l => Features.Draw([l], h.AdditiveVariance / h.Dimensions, additiveFeatures, random)).ToArray()
            : [];
        return new RandomFourierPrior(joint, additive);
    }

    public double Value(ReadOnlySpan<double> x)
    {
        var value = _joint.Value(x);
        for (var c = 0; c < _additive.Length; c++) value += _additive[c].Value(x.Slice(c, 1));
        return value;
    }

    /// <summary>Weighted cosine features of a Matérn 5/2 kernel with the given log length scales and variance.</summary>
    private sealed class Features(double[][] frequencies, double[] phases, double[] weights, double amplitude)
    {
        public static Features Draw(double[] logLengthScales, double variance, int count, DeterministicRandom random)
        {
            var frequencies = new double[count][];
            var phases = new double[count];
            var weights = new double[count];
            for (var i = 0; i < count; i++)
            {
                // A Student-t draw: a normal vector over √(χ²_2ν / 2ν), here χ²_5 as five squared normals.
                var chiSquare = 0.0;
                for (var k = 0; k < 2 * Nu; k++) chiSquare += Math.Pow(random.Normal(), 2);
                var scale = 1 / Math.Sqrt(chiSquare / (2 * Nu));
                frequencies[i] = logLengthScales.Select(l => random.Normal() * scale * Math.Exp(-l)).ToArray();
                phases[i] = random.Uniform(0, 2 * Math.PI);
                weights[i] = random.Normal();
            }
            return new Features(frequencies, phases, weights, Math.Sqrt(2 * variance / count));
        }

        public double Value(ReadOnlySpan<double> x)
        {
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                var angle = phases[i];
                var omega = frequencies[i];
                for (var c = 0; c < x.Length; c++) angle += omega[c] * x[c];
                sum += weights[i] * Math.Cos(angle);
            }
            return amplitude * sum;
        }
    }
}
