namespace ModelOpt.Search.Spaces;

/// <summary>The set of values a parameter may take.</summary>
public abstract record Domain
{
    /// <summary>Number of distinct values, or null when continuous.</summary>
    public abstract long? Cardinality { get; }
}

/// <summary>A real interval, optionally log-scaled and/or quantized to <see cref="Step"/>.</summary>
public sealed record FloatDomain(double Low, double High, bool Log = false, double? Step = null) : Domain
{
    public override long? Cardinality => Step is { } s ? (long)Math.Floor((High - Low) / s + 1e-9) + 1 : null;

    /// <summary>Maps a value to [0,1] in the domain's own scale (log space when <see cref="Log"/>).</summary>
    public double ToUnit(double value)
    {
        if (High == Low) return 0.5;
        var u = Log ? (Math.Log(value) - Math.Log(Low)) / (Math.Log(High) - Math.Log(Low)) : (value - Low) / (High - Low);
        return Math.Clamp(u, 0, 1);
    }

    /// <summary>Maps a point of [0,1] back to a legal value (clamped, quantized).</summary>
    public double FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        var v = Log ? Math.Exp(Math.Log(Low) + unit * (Math.Log(High) - Math.Log(Low))) : Low + unit * (High - Low);
        return Legalize(v);
    }

    public double Legalize(double v)
    {
        if (Step is { } s) v = Low + Math.Round((v - Low) / s) * s;
        return Math.Clamp(v, Low, High);
    }
}

/// <summary>An integer interval [Low, High], optionally log-scaled, with a step.</summary>
public sealed record IntDomain(long Low, long High, bool Log = false, long Step = 1) : Domain
{
    public override long? Cardinality => (High - Low) / Step + 1;

    public double ToUnit(long value)
    {
        if (High == Low) return 0.5;
        // Widen by half a step either side so every integer owns an equal share of the unit interval.
        double lo = Low - 0.5 * Step, hi = High + 0.5 * Step, v = value;
        if (Log) { lo = Math.Log(Math.Max(Low - 0.5 * Step, 0.5)); hi = Math.Log(High + 0.5 * Step); v = Math.Log(value); }
        return Math.Clamp((v - lo) / (hi - lo), 0, 1);
    }

    public long FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        double lo = Low - 0.5 * Step, hi = High + 0.5 * Step;
        double v = Log
            ? Math.Exp(Math.Log(Math.Max(Low - 0.5 * Step, 0.5)) + unit * (Math.Log(High + 0.5 * Step) - Math.Log(Math.Max(Low - 0.5 * Step, 0.5))))
            : lo + unit * (hi - lo);
        return Legalize(v);
    }

    public long Legalize(double v)
    {
        var k = Math.Round((v - Low) / Step);
        return Math.Clamp(Low + (long)k * Step, Low, High);
    }
}

/// <summary>An unordered choice among values (strings, numbers or booleans).</summary>
public sealed record CategoricalDomain(IReadOnlyList<ParameterValue> Choices) : Domain
{
    public override long? Cardinality => Choices.Count;

    public int IndexOf(ParameterValue value)
    {
        for (var i = 0; i < Choices.Count; i++)
            if (Choices[i].Equals(value) || (Choices[i].IsNumeric && value.IsNumeric && Choices[i].AsDouble() == value.AsDouble()))
                return i;
        return -1;
    }

    public bool Equals(CategoricalDomain? other) => other is not null && Choices.SequenceEqual(other.Choices);
    public override int GetHashCode() => Choices.Aggregate(17, (h, c) => h * 31 + c.GetHashCode());
}

/// <summary>A fixed value; present in every configuration where it is active.</summary>
public sealed record ConstantDomain(ParameterValue Value) : Domain
{
    public override long? Cardinality => 1;
}
