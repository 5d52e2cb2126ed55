using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Bohb;

/// <summary>
/// A product-kernel density over configs: Gaussian kernels in unit space for numbers (Scott's bandwidth, floored
/// at <c>minBandwidth</c> and at 1/(n+1)) and Aitchison–Aitken kernels for categoricals (λ shrinking like n^(−1/5)).
/// A parameter that a data point lacks contributes the uniform density, and only the parameters active in the
/// evaluated config enter its density, so conditional spaces need no imputation. Points are held as one column
/// per parameter (unit value or choice index, NaN where inactive) so a density costs one pass over plain arrays.
/// </summary>
internal sealed class KernelDensity
{
    private const int TruncationRedraws = 20;
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    private readonly SearchSpace _space;
    private readonly IReadOnlyList<Config> _points;
    private readonly List<ParameterDefinition> _parameters;
    private readonly Dictionary<string, int> _columnOf = new(StringComparer.Ordinal);
    private readonly double[][] _columns;
    private readonly double[] _bandwidths;

    public KernelDensity(SearchSpace space, IReadOnlyList<Config> points, double minBandwidth)
    {
        _space = space;
        _points = points;
        _parameters = space.Parameters.Where(p => p.Domain is not ConstantDomain).ToList();
        _columns = new double[_parameters.Count][];
        _bandwidths = new double[_parameters.Count];
        for (var j = 0; j < _parameters.Count; j++)
        {
            var p = _parameters[j];
            _columnOf[p.Name] = j;
            _columns[j] = points.Select(c => c.TryGetValue(p.Name, out var v) ? Encode(p.Domain, v) : double.NaN).ToArray();
            var active = _columns[j].Where(u => !double.IsNaN(u)).ToList();
            var n = Math.Max(active.Count, 1);
            if (p.Domain is CategoricalDomain cat)
            {
                var uniform = (cat.Choices.Count - 1.0) / cat.Choices.Count;
                _bandwidths[j] = Math.Max(minBandwidth, uniform * Math.Pow(n, -0.2));
            }
            else
            {
                var mean = active.Count == 0 ? 0 : active.Average();
                var std = active.Count < 2 ? 0 : Math.Sqrt(active.Sum(u => (u - mean) * (u - mean)) / (active.Count - 1));
                // Scott's rule alone collapses when the few good points coincide, and the search then stops
                // exploring; a floor of 1/(n+1) of the unit range keeps small models wide and fades as points accrue.
                _bandwidths[j] = Math.Clamp(1.06 * std * Math.Pow(n, -0.2), Math.Max(minBandwidth, 1.0 / (n + 1)), 1);
            }
        }
    }

    public double LogDensity(Config x)
    {
        var logs = new double[_points.Count];
        foreach (var (name, value) in x)
        {
            if (!_columnOf.TryGetValue(name, out var j)) continue;
            var column = _columns[j];
            var at = Encode(_parameters[j].Domain, value);
            if (_parameters[j].Domain is CategoricalDomain cat)
            {
                var k = cat.Choices.Count;
                var lambda = Math.Min(_bandwidths[j], (k - 1.0) / k);
                double missing = -Math.Log(k), same = k == 1 ? 0 : Math.Log(1 - lambda), other = k == 1 ? 0 : Math.Log(lambda / (k - 1));
                for (var i = 0; i < logs.Length; i++)
                    logs[i] += double.IsNaN(column[i]) ? missing : column[i] == at ? same : other;
            }
            else
            {
                var inverseBandwidth = 1 / _bandwidths[j];
                var norm = -LogSqrt2Pi + Math.Log(inverseBandwidth);
                for (var i = 0; i < logs.Length; i++)
                {
                    if (double.IsNaN(column[i])) continue;
                    var z = (at - column[i]) * inverseBandwidth;
                    logs[i] += norm - 0.5 * z * z;
                }
            }
        }
        var max = logs.Max();
        var sum = 0.0;
        foreach (var l in logs) sum += Math.Exp(l - max);
        return max + Math.Log(sum / logs.Length);
    }

    /// <summary>A draw around a random data point with every bandwidth widened by <paramref name="factor"/>.</summary>
    public Config Sample(DeterministicRandom random, double factor)
    {
        var centre = _points[random.NextInt(_points.Count)];
        return _space.Build((p, _) =>
        {
            if (!centre.TryGetValue(p.Name, out var value)) return RandomSearcher.SampleUniform(p.Domain, random);
            var bandwidth = _bandwidths[_columnOf[p.Name]] * factor;
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

    /// <summary>A categorical value as its choice index, a number as its unit value.</summary>
    private static double Encode(Domain domain, ParameterValue value) =>
        domain is CategoricalDomain cat ? cat.IndexOf(value) : UnitScale.ToUnit(domain, value);
}
