using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Bohb;

/// <summary>
/// A product-kernel density over configs: Gaussian kernels in unit space for numbers (Scott's bandwidth, floored
/// at <c>minBandwidth</c> and at 1/(n+1)) and Aitchison–Aitken kernels for categoricals (λ shrinking like n^(−1/5)). A
/// parameter that a data point lacks contributes the uniform density, and only the parameters active in the
/// evaluated config enter its density, so conditional spaces need no imputation.
/// </summary>
internal sealed class KernelDensity
{
    private const int TruncationRedraws = 20;
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly SearchSpace _space;
    private readonly IReadOnlyList<Config> _points;
    private readonly Dictionary<string, double> _bandwidths = new(StringComparer.Ordinal);

    public KernelDensity(SearchSpace space, IReadOnlyList<Config> points, double minBandwidth)
    {
        _space = space;
        _points = points;
        foreach (var p in space.Parameters.Where(p => p.Domain is not ConstantDomain))
        {
            var values = points.Where(c => c.ContainsKey(p.Name)).Select(c => c[p.Name]).ToList();
            var n = Math.Max(values.Count, 1);
            if (p.Domain is CategoricalDomain cat)
            {
                var uniform = (cat.Choices.Count - 1.0) / cat.Choices.Count;
                _bandwidths[p.Name] = Math.Max(minBandwidth, uniform * Math.Pow(n, -0.2));
            }
            else
            {
                var units = values.Select(v => UnitScale.ToUnit(p.Domain, v)).ToList();
                var mean = units.Count == 0 ? 0 : units.Average();
                var std = units.Count < 2 ? 0 : Math.Sqrt(units.Sum(u => (u - mean) * (u - mean)) / (units.Count - 1));
                // Scott's rule alone collapses when the few good points coincide, and the search then stops
                // exploring; a floor of 1/(n+1) of the unit range keeps small models wide and fades as points accrue.
                _bandwidths[p.Name] = Math.Clamp(1.06 * std * Math.Pow(n, -0.2), Math.Max(minBandwidth, 1.0 / (n + 1)), 1);
            }
        }
    }

    public double LogDensity(Config x)
    {
        var logs = new double[_points.Count];
        for (var i = 0; i < _points.Count; i++)
        {
            var sum = 0.0;
            foreach (var (name, value) in x)
            {
                var p = _space[name];
                if (p.Domain is ConstantDomain) continue;
                sum += LogKernel(p, value, _points[i].TryGetValue(name, out var centre) ? centre : null);
            }
            logs[i] = sum;
        }
        var max = logs.Max();
        return max + Math.Log(logs.Sum(l => Math.Exp(l - max)) / logs.Length);
    }

    /// <summary>A draw around a random data point with every bandwidth widened by <paramref name="factor"/>.</summary>
    public Config Sample(DeterministicRandom random, double factor)
    {
        var centre = _points[random.NextInt(_points.Count)];
        return _space.Build((p, _) =>
        {
            if (!centre.TryGetValue(p.Name, out var value)) return RandomSearcher.SampleUniform(p.Domain, random);
            var bandwidth = _bandwidths[p.Name] * factor;
            if (p.Domain is CategoricalDomain cat)
            {
                var keep = 1 - Math.Min(bandwidth, (cat.Choices.Count - 1.0) / cat.Choices.Count);
                if (cat.Choices.Count == 1 || random.NextDouble() < keep) return value;
                var index = cat.IndexOf(value);
                var other = random.NextInt(cat.Choices.Count - 1);
                return cat.Choices[other >= index ? other + 1 : other];
            }
            var mean = UnitScale.ToUnit(p.Domain, value);
            var unit = random.Normal(mean, bandwidth);
            for (var attempt = 0; attempt < TruncationRedraws && unit is < 0 or > 1; attempt++) unit = random.Normal(mean, bandwidth);
            return UnitScale.FromUnit(p.Domain, unit);
        });
    }

    private double LogKernel(ParameterDefinition p, ParameterValue x, ParameterValue? centre)
    {
        if (p.Domain is CategoricalDomain cat)
        {
            var k = cat.Choices.Count;
            if (centre is not { } c || k == 1) return -Math.Log(k);
            var lambda = Math.Min(_bandwidths[p.Name], (k - 1.0) / k);
            return cat.IndexOf(x) == cat.IndexOf(c) ? Math.Log(1 - lambda) : Math.Log(lambda / (k - 1));
        }
        if (centre is not { } m) return 0;
        var bandwidth = _bandwidths[p.Name];
        var z = (UnitScale.ToUnit(p.Domain, x) - UnitScale.ToUnit(p.Domain, m)) / bandwidth;
        return -0.5 * z * z - LogSqrt2Pi - Math.Log(bandwidth);
    }
}
