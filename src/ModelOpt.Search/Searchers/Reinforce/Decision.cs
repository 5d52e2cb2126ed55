using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Reinforce;

/// <summary>
/// One controller decision: the choices of a categorical, each value of a small int range, or otherwise
/// <c>bins</c> equal slices of the unit interval, a value being drawn uniformly inside the chosen slice.
/// </summary>
internal sealed class Decision
{
    private readonly Domain _domain;
    private readonly bool _eachValue;

    public Decision(ParameterDefinition parameter, int bins)
    {
        _domain = parameter.Domain;
        _eachValue = parameter.Domain is CategoricalDomain || parameter.Domain.Cardinality <= bins;
        Options = _eachValue ? (int)parameter.Domain.Cardinality!.Value : bins;
    }

    public int Options { get; }

    public ParameterValue Value(int option, DeterministicRandom random) => _domain switch
    {
        CategoricalDomain c => c.Choices[option],
        IntDomain i when _eachValue => ParameterValue.Int(i.Low + option * i.Step),
        FloatDomain { Step: { } step } f when _eachValue => ParameterValue.Float(f.Legalize(f.Low + option * step)),
        _ => UnitScale.FromUnit(_domain, (option + random.NextDouble()) / Options),
    };

    /// <summary>The option <paramref name="value"/> belongs to (the slice its unit value falls in); -1 for a value outside the domain.</summary>
    public int OptionOf(ParameterValue value)
    {
        switch (_domain)
        {
            case CategoricalDomain c:
                return c.IndexOf(value);
            case IntDomain i when _eachValue:
                return value.IsNumeric ? Inside((value.AsDouble() - i.Low) / i.Step) : -1;
            case FloatDomain { Step: { } step } f when _eachValue:
                return value.IsNumeric ? Inside((value.AsDouble() - f.Low) / step) : -1;
            default:
                if (!value.IsNumeric) return -1;
                var unit = UnitScale.ToUnit(_domain, value);
                return unit is >= 0 and <= 1 ? Math.Min((int)(unit * Options), Options - 1) : -1;
        }
    }

    private int Inside(double position)
    {
        var option = (int)Math.Round(position);
        return option >= 0 && option < Options ? option : -1;
    }
}
