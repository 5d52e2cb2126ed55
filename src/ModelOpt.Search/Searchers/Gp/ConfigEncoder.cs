using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Turns configurations into points of the unit cube: a numeric parameter is one column holding its unit value
/// (log-aware), a categorical parameter one column per choice (one-hot); constants own no column. An inactive
/// parameter is encoded as a fixed value — 0.5 for a numeric column, all zeros for a one-hot block — so configs
/// that lack it are identical in those columns and the parent's own column tells them apart from those that have it.
/// </summary>
internal sealed class ConfigEncoder
{
    private const double InactiveNumeric = 0.5;
    private readonly List<(ParameterDefinition Parameter, int Offset)> _columns = new();

    public ConfigEncoder(SearchSpace space)
    {
        foreach (var p in space.Parameters)
        {
            switch (p.Domain)
            {
                case CategoricalDomain c:
                    _columns.Add((p, Dimensions));
                    Dimensions += c.Choices.Count;
                    break;
                case FloatDomain or IntDomain:
                    _columns.Add((p, Dimensions));
                    Dimensions += 1;
                    break;
            }
        }
    }

    public int Dimensions { get; }

    public double[] Encode(Config config)
    {
        var x = new double[Dimensions];
        foreach (var (p, offset) in _columns)
        {
            var active = config.TryGetValue(p.Name, out var value);
            if (p.Domain is CategoricalDomain c)
            {
                if (active && c.IndexOf(value) is var k and >= 0) x[offset + k] = 1;
            }
            else
            {
                x[offset] = active ? UnitScale.ToUnit(p.Domain, value) : InactiveNumeric;
            }
        }
        return x;
    }
}
