using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// One parameter as the Parzen estimators see it: numeric parameters as a point of [0, 1] in the domain's own
/// scale (log for log domains), categorical ones as a choice index.
/// </summary>
internal sealed class TpeDimension
{
    private TpeDimension(ParameterDefinition parameter, int categories, double spacing)
    {
        Parameter = parameter;
        Categories = categories;
        Spacing = spacing;
    }

    public ParameterDefinition Parameter { get; }

    /// <summary>Number of choices of a categorical parameter; 0 for a numeric one.</summary>
    public int Categories { get; }

    public bool IsCategorical => Categories > 0;

    /// <summary>Distance in unit space between neighbouring legal values of a discrete numeric parameter; 0 when continuous.</summary>
    public double Spacing { get; }

    /// <summary>The dimension of a searchable parameter, or null for a constant (which is never sampled).</summary>
    public static TpeDimension? For(ParameterDefinition parameter) => parameter.Domain switch
    {
        CategoricalDomain c => new TpeDimension(parameter, c.Choices.Count, 0),
        IntDomain i => new TpeDimension(parameter, 0, 1.0 / i.Cardinality!.Value),
        FloatDomain { Cardinality: > 1 } f => new TpeDimension(parameter, 0, 1.0 / (f.Cardinality.Value - 1)),
        FloatDomain => new TpeDimension(parameter, 0, 0),
        _ => null,
    };

    public double Encode(ParameterValue value) => Parameter.Domain switch
    {
        CategoricalDomain c => Math.Max(c.IndexOf(value), 0),
        IntDomain i => i.ToUnit(value.AsInt()),
        FloatDomain f => f.ToUnit(value.AsDouble()),
        _ => throw new InvalidOperationException($"parameter '{Parameter.Name}' is not searchable"),
    };

    public ParameterValue Decode(double x) => Parameter.Domain switch
    {
        CategoricalDomain c => c.Choices[Math.Clamp((int)x, 0, c.Choices.Count - 1)],
        IntDomain i => ParameterValue.Int(i.FromUnit(x)),
        FloatDomain f => ParameterValue.Float(f.FromUnit(x)),
        _ => throw new InvalidOperationException($"parameter '{Parameter.Name}' is not searchable"),
    };

    /// <summary>Moves a sampled point onto the legal value it decodes to, so discrete candidates are scored where they will land.</summary>
    public double Snap(double x) => Spacing > 0 || IsCategorical ? Encode(Decode(x)) : x;
}
