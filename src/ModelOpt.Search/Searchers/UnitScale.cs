using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers;

/// <summary>Numeric parameter values to and from [0,1] in the domain's own scale (log-aware), for model-based searchers.</summary>
internal static class UnitScale
{
    public static bool IsNumeric(Domain domain) => domain is FloatDomain or IntDomain;

    public static double ToUnit(Domain domain, ParameterValue value) => domain switch
    {
        FloatDomain f => f.ToUnit(value.AsDouble()),
        IntDomain i => i.ToUnit(value.AsInt()),
        _ => throw new ArgumentException($"{domain} is not numeric", nameof(domain)),
    };

    /// <summary>The legal value nearest to <paramref name="unit"/> (clamped, rounded for ints and quantized floats).</summary>
    public static ParameterValue FromUnit(Domain domain, double unit) => domain switch
    {
        FloatDomain f => ParameterValue.Float(f.FromUnit(unit)),
        IntDomain i => ParameterValue.Int(i.FromUnit(unit)),
        _ => throw new ArgumentException($"{domain} is not numeric", nameof(domain)),
    };
}
