using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Grid;

/// <summary>The values a grid tries for one parameter: every value of a discrete domain, evenly spaced points of a continuous one.</summary>
internal static class GridPoints
{
    /// <summary>The grid values of <paramref name="domain"/>; null when it is continuous and <paramref name="pointsPerFloat"/> is 0.</summary>
    public static IReadOnlyList<ParameterValue>? For(Domain domain, int pointsPerFloat) => domain switch
    {
        CategoricalDomain c => c.Choices,
        ConstantDomain k => [k.Value],
        IntDomain i => Ints(i),
        FloatDomain { Step: not null } f => QuantizedFloats(f),
        FloatDomain f when pointsPerFloat == 0 => null,
        FloatDomain f => ContinuousFloats(f, pointsPerFloat),
        _ => throw new ArgumentOutOfRangeException(nameof(domain)),
    };

    private static List<ParameterValue> Ints(IntDomain d)
    {
        var values = new List<ParameterValue>();
        for (var v = d.Low; v <= d.High; v += d.Step) values.Add(ParameterValue.Int(v));
        return values;
    }

    private static List<ParameterValue> QuantizedFloats(FloatDomain d)
    {
        var values = new List<ParameterValue>();
        for (var k = 0L; k < d.Cardinality!.Value; k++) values.Add(ParameterValue.Float(d.Legalize(d.Low + k * d.Step!.Value)));
        return values;
    }

    // Evenly spaced in the domain's own scale, so a log-scaled range gets geometrically spaced points.
    private static List<ParameterValue> ContinuousFloats(FloatDomain d, int points)
    {
        if (points == 1 || d.Low == d.High) return [ParameterValue.Float(d.FromUnit(0.5))];
        var values = new List<ParameterValue>(points);
        for (var k = 0; k < points; k++) values.Add(ParameterValue.Float(d.FromUnit((double)k / (points - 1))));
        return values;
    }
}
