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
}
