namespace ModelOpt.Search;

/// <summary>
/// xoshiro256** generator with an explicit, serializable state, so searchers that draw from it replay exactly
/// after recovery. Never seeded from the clock.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public DeterministicRandom(ulong seed)
    {
        // SplitMix64 expands the seed into a well-mixed non-zero state.
        var x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream derived from this generator's seed and a label (e.g. a trial id).</summary>
    public static DeterministicRandom Derive(ulong seed, string label)
    {
        var h = 1469598103934665603UL;
        foreach (var ch in label) { h ^= ch; h *= 1099511628211UL; }
        return new DeterministicRandom(seed ^ h);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, exclusiveMax).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax));
        return (int)(NextUInt64() % (ulong)exclusiveMax);
    }

    public long NextLong(long low, long inclusiveHigh) => low + (long)(NextUInt64() % (ulong)(inclusiveHigh - low + 1));

    public double Normal(double mean = 0, double std = 1)
    {
        if (_spareNormal is { } spare) { _spareNormal = null; return mean + std * spare; }
        double u, v, s;
        do { u = 2 * NextDouble() - 1; v = 2 * NextDouble() - 1; s = u * u + v * v; } while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return mean + std * u * f;
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int Choice(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var r = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Count - 1;
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public RandomState Save() => new(_s0, _s1, _s2, _s3, _spareNormal);

    public static DeterministicRandom Restore(RandomState state) =>
        new(0) { _s0 = state.S0, _s1 = state.S1, _s2 = state.S2, _s3 = state.S3, _spareNormal = state.SpareNormal };

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

public sealed record RandomState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareNormal);
