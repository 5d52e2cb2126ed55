namespace ModelOpt.Search.Spaces;

/// <summary>
/// An ordered set of parameters, parents before the parameters that depend on them, so a configuration can be
/// built in one pass that only ever assigns active parameters.
/// </summary>
public sealed class SearchSpace
{
    private readonly Dictionary<string, ParameterDefinition> _byName;

    public SearchSpace(IEnumerable<ParameterDefinition> parameters)
    {
        var list = parameters.ToList();
        _byName = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        foreach (var p in list)
            if (!_byName.TryAdd(p.Name, p))
                throw new ArgumentException($"parameter '{p.Name}' is defined twice");
        Parameters = TopologicalOrder(list);
    }

    public IReadOnlyList<ParameterDefinition> Parameters { get; }

    public ParameterDefinition this[string name] => _byName[name];
    public bool Contains(string name) => _byName.ContainsKey(name);
    public bool HasConditions => Parameters.Any(p => p.IsConditional);

    /// <summary>Product of the cardinalities, or null when some parameter is continuous.</summary>
    public long? GridSize
    {
        get
        {
            long size = 1;
            foreach (var p in Parameters)
            {
                if (p.Domain.Cardinality is not { } c) return null;
                size = checked(size * c);
            }
            return size;
        }
    }

    /// <summary>Whether <paramref name="parameter"/> exists given the values assigned so far to its parents.</summary>
    public bool IsActive(ParameterDefinition parameter, IReadOnlyDictionary<string, ParameterValue> assigned)
    {
        foreach (var c in parameter.Conditions)
            if (!assigned.TryGetValue(c.Parent, out var parentValue) || !c.IsSatisfiedBy(parentValue))
                return false;
        return true;
    }

    /// <summary>
    /// Builds a configuration by asking <paramref name="choose"/> for each active parameter, in order.
    /// Inactive parameters are never asked for, so no configuration holds a parameter that does not exist.
    /// </summary>
    public Config Build(Func<ParameterDefinition, IReadOnlyDictionary<string, ParameterValue>, ParameterValue> choose)
    {
        var assigned = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            if (!IsActive(p, assigned)) continue;
            assigned[p.Name] = p.Domain is ConstantDomain c ? c.Value : choose(p, assigned);
        }
        return new Config(assigned);
    }

    /// <summary>Keeps only the active parameters of <paramref name="config"/>, filling newly active ones with <paramref name="fill"/>.</summary>
    public Config Repair(Config config, Func<ParameterDefinition, IReadOnlyDictionary<string, ParameterValue>, ParameterValue> fill) =>
        Build((p, assigned) => config.TryGetValue(p.Name, out var v) && Contains(v, p.Domain) ? v : fill(p, assigned));

    /// <summary>Whether <paramref name="value"/> is a legal value of <paramref name="domain"/>.</summary>
    public static bool Contains(ParameterValue value, Domain domain) => domain switch
    {
        FloatDomain f => value.IsNumeric && value.AsDouble() >= f.Low - 1e-12 && value.AsDouble() <= f.High + 1e-12,
        IntDomain i => value.Kind == ValueKind.Int && value.AsInt() >= i.Low && value.AsInt() <= i.High,
        CategoricalDomain c => c.IndexOf(value) >= 0,
        ConstantDomain k => k.Value.Equals(value),
        _ => false,
    };

    private List<ParameterDefinition> TopologicalOrder(List<ParameterDefinition> list)
    {
        var ordered = new List<ParameterDefinition>(list.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        void Visit(ParameterDefinition p, string path)
        {
            if (state.TryGetValue(p.Name, out var s))
            {
                if (s == 1) throw new ArgumentException($"conditions form a cycle: {path} -> {p.Name}");
                return;
            }
            state[p.Name] = 1;
            foreach (var c in p.Conditions)
            {
                if (!_byName.TryGetValue(c.Parent, out var parent))
                    throw new ArgumentException($"parameter '{p.Name}' depends on '{c.Parent}', which is not defined");
                Visit(parent, path.Length == 0 ? p.Name : path + " -> " + p.Name);
            }
            state[p.Name] = 2;
            ordered.Add(p);
        }
        foreach (var p in list) Visit(p, "");
        return ordered;
    }
}
