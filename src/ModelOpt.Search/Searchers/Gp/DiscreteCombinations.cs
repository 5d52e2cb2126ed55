using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Every combination of the discrete (categorical and integer) parameters of a space whose continuous parameters
/// remain to be chosen, when there are few enough of them to visit each in every suggestion. The acquisition is then
/// maximized over the continuous parameters within each combination, as mixed-space BO libraries do (BoTorch's
/// <c>optimize_acqf_mixed</c>): a good region that needs several discrete values changed at once (Rosenbrock's
/// integer and shift together) is otherwise found only if random candidates happen to land in it.
/// Empty for spaces with conditional parameters, without a continuous parameter, or with more combinations than the limit.
/// </summary>
internal sealed class DiscreteCombinations
{
    private readonly IReadOnlyList<IReadOnlyList<(string Name, ParameterValue Value)>> _all;

    private DiscreteCombinations(IReadOnlyList<IReadOnlyList<(string Name, ParameterValue Value)>> all) => _all = all;

    public int Count => _all.Count;

    public static DiscreteCombinations Of(SearchSpace space, int limit)
    {
        var none = new DiscreteCombinations([]);
        if (limit < 2 || space.HasConditions) return none;
        var discrete = new List<(string Name, IReadOnlyList<ParameterValue> Values)>();
        var continuous = false;
        foreach (var p in space.Parameters)
        {
            switch (p.Domain)
            {
                case CategoricalDomain c when c.Choices.Count > 1:
                    discrete.Add((p.Name, c.Choices));
                    break;
                case IntDomain i when i.Cardinality > 1:
                    discrete.Add((p.Name, Values(i)));
                    break;
                case FloatDomain f when f.Cardinality is not 1:
                    // A quantized float moves like a number in the local search; it is not enumerated.
                    continuous = true;
                    break;
            }
        }
        if (!continuous || discrete.Count == 0) return none;
        var product = 1L;
        foreach (var (_, values) in discrete)
        {
            product *= values.Count;
            if (product > limit) return none;
        }
        IEnumerable<IReadOnlyList<(string, ParameterValue)>> combos = [[]];
        foreach (var (name, values) in discrete)
            combos = combos.SelectMany(prefix => values.Select(v => (IReadOnlyList<(string, ParameterValue)>)[.. prefix, (name, v)]));
        return new DiscreteCombinations(combos.ToList());
    }

    /// <summary><paramref name="config"/> with combination <paramref name="index"/>'s discrete values.</summary>
    public Config Apply(Config config, int index)
    {
        foreach (var (name, value) in _all[index]) config = config.With(name, value);
        return config;
    }

    /// <summary>The index of <paramref name="config"/>'s combination of discrete values, or -1 when none matches.</summary>
    public int IndexOf(Config config)
    {
        for (var k = 0; k < _all.Count; k++)
            if (_all[k].All(d => config.TryGetValue(d.Name, out var v) && v.Equals(d.Value))) return k;
        return -1;
    }

    private static IReadOnlyList<ParameterValue> Values(IntDomain domain)
    {
        var values = new List<ParameterValue>();
        for (var v = domain.Low; v <= domain.High; v += domain.Step) values.Add(ParameterValue.Int(v));
        return values;
    }
}
