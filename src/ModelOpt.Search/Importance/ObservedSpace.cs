using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Importance;

/// <summary>
/// A search space read off the configurations themselves, for analysing trials whose spec is not at hand: each number's
/// observed range (linear: without the spec nothing says a parameter is log-scaled), each other value's observed choices.
/// </summary>
public static class ObservedSpace
{
    public static SearchSpace Of(IEnumerable<Config> configs)
    {
        var values = new SortedDictionary<string, List<ParameterValue>>(StringComparer.Ordinal);
        foreach (var config in configs)
            foreach (var (name, value) in config)
                (values.TryGetValue(name, out var list) ? list : values[name] = []).Add(value);
        return new SearchSpace(values.Select(kv => new ParameterDefinition(kv.Key, Domain(kv.Value))));
    }

    private static Domain Domain(List<ParameterValue> values)
    {
        if (values.All(v => v.Kind == ValueKind.Int))
        {
            var (low, high) = (values.Min(v => v.AsInt()), values.Max(v => v.AsInt()));
            return low == high ? new ConstantDomain(values[0]) : new IntDomain(low, high);
        }
        if (values.All(v => v.IsNumeric))
        {
            var (low, high) = (values.Min(v => v.AsDouble()), values.Max(v => v.AsDouble()));
            return low == high ? new ConstantDomain(values[0]) : new FloatDomain(low, high);
        }
        var choices = values.Distinct().OrderBy(v => v.ToString(), StringComparer.Ordinal).ToList();
        return choices.Count == 1 ? new ConstantDomain(choices[0]) : new CategoricalDomain(choices);
    }
}
