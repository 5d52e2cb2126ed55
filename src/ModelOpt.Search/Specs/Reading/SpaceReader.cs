using ModelOpt.Search.Spaces;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Reads <c>space</c> into a <see cref="SearchSpace"/>: parses each parameter, checks every <c>when</c> against
/// its parent's domain, rejects cycles, and expands each list into flat per-element parameters
/// (<c>layers[i].units</c>, active when the size parameter is at least i + 1).
/// </summary>
internal sealed class SpaceReader(SpecErrorList errors, SpecLimits limits)
{
    // Every name written under space, parsed or not: a reference to a broken parameter was reported already.
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    /// <param name="Space">The space, or null when it had problems.</param>
    /// <param name="UsableSubset">The parameters that parsed cleanly (and whose parents did), so searcher and
    /// scheduler options can still be checked when other parameters are broken.</param>
    public sealed record Result(SearchSpace? Space, SearchSpace UsableSubset);

    /// <param name="node">The <c>space</c> node; null when absent (reported by the caller as a missing key).</param>
    public Result Read(YamlNode? node)
    {
        if (node is null) return new Result(null, new SearchSpace([]));
        var reader = MappingReader.For("space", node, errors, "a mapping of parameter names to parameters");
        if (reader is null) return new Result(null, new SearchSpace([]));
        if (!reader.Entries.Any()) errors.Add("space", "needs at least one parameter", node);

        var before = errors.Count;
        var parameters = new ParameterReader(errors, limits);
        var raws = new List<RawParameter>();
        foreach (var (name, key, value) in reader.Entries)
        {
            _declared.Add(name);
            if (parameters.Read(name, reader.PathOf(name), key, value, insideList: false) is { } raw) raws.Add(raw);
        }

        var byName = raws.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var hasCycle = new CycleCheck(errors).Run(raws, byName);
        var definitions = Expand(raws, byName);
        if (definitions.Count > limits.MaxParameters)
        {
            errors.Add("space", $"has more than {limits.MaxParameters} parameters once lists are expanded; at most {limits.MaxParameters} are supported", node);
            return new Result(null, new SearchSpace([]));
        }
        var subset = Usable(definitions, hasCycle);
        return new Result(errors.Count == before ? new SearchSpace(definitions) : null, subset);
    }

    private List<ParameterDefinition> Expand(List<RawParameter> raws, Dictionary<string, RawParameter> byName)
    {
        var definitions = new List<ParameterDefinition>();
        var topConditions = new Dictionary<string, List<ParameterCondition>>(StringComparer.Ordinal);
        foreach (var raw in raws.Where(r => r.List is null))
        {
            var conditions = Resolve(raw.When, parent => Lookup(parent, byName, null, 0));
            if (conditions is null || raw.Domain is null) continue;
            topConditions[raw.Name] = conditions;
            definitions.Add(new ParameterDefinition(raw.Name, raw.Domain, conditions));
        }
        // Expansion stops one past the limit: the caller reports it, and a space of many long lists costs no more.
        foreach (var raw in raws.Where(r => r.List is not null))
            foreach (var definition in ExpandList(raw, byName, topConditions))
            {
                definitions.Add(definition);
                if (definitions.Count > limits.MaxParameters) return definitions;
            }
        return definitions;
    }

    private IEnumerable<ParameterDefinition> ExpandList(
        RawParameter list, Dictionary<string, RawParameter> byName, Dictionary<string, List<ParameterCondition>> topConditions)
    {
        var shape = list.List!;
        var listConditions = Resolve(list.When, parent => Lookup(parent, byName, null, 0));
        var count = shape.FixedSize;
        var sizeConditions = new List<ParameterCondition>();
        if (shape.SizeParameter is { } sizeName)
        {
            count = SizeCount(sizeName, shape, byName);
            if (topConditions.TryGetValue(sizeName, out var inherited)) sizeConditions.AddRange(inherited);
        }
        if (count is null || listConditions is null) yield break;

        for (var i = 0; i < count; i++)
        {
            var index = i;
            foreach (var item in shape.Items)
            {
                var itemConditions = Resolve(item.When, parent => Lookup(parent, byName, list, index));
                if (itemConditions is null || item.Domain is null) continue;
                var conditions = new List<ParameterCondition>();
                if (shape.SizeParameter is { } size) conditions.Add(ParameterCondition.AtLeast(size, i + 1));
                conditions.AddRange(sizeConditions.Concat(listConditions).Concat(itemConditions).Where(c => !conditions.Contains(c)).Distinct());
                yield return new ParameterDefinition(ElementName(list.Name, i, item.Name), item.Domain, conditions);
            }
        }
    }

    public static string ElementName(string list, int index, string item) => $"{list}[{index}].{item}";

    /// <summary>How many elements the list can have: the size parameter's largest value.</summary>
    private long? SizeCount(string sizeName, RawList shape, Dictionary<string, RawParameter> byName)
    {
        if (!byName.TryGetValue(sizeName, out var size))
        {
            if (!_declared.Contains(sizeName)) errors.Add(shape.SizePath, NoSuchParameter(sizeName), shape.SizeNode);
            return null;
        }
        (long Low, long High)? range = size.Domain switch
        {
            IntDomain d => (d.Low, d.High),
            ConstantDomain { Value.Kind: ValueKind.Int } c => (c.Value.AsInt(), c.Value.AsInt()),
            _ => null,
        };
        if (range is not { } r)
        {
            if (size.Domain is not null || size.List is not null)
                errors.Add(shape.SizePath, $"must name an int parameter; '{sizeName}' is {size.KindName}", shape.SizeNode);
            return null;
        }
        if (r.Low < 0) { errors.Add(shape.SizePath, $"size parameter '{sizeName}' must not go below 0, its low is {r.Low}", shape.SizeNode); return null; }
        if (r.High < 1) { errors.Add(shape.SizePath, $"size parameter '{sizeName}' must allow at least 1 element, its high is {r.High}", shape.SizeNode); return null; }
        if (r.High > ParameterReader.MaxListSize)
        {
            errors.Add(shape.SizePath, $"size parameter '{sizeName}' allows {r.High} elements; at most {ParameterReader.MaxListSize} are supported", shape.SizeNode);
            return null;
        }
        return r.High;
    }

    /// <summary>A <c>when</c> parent: inside a list item a sibling key first, then a top-level parameter.</summary>
    private static (string FlatName, RawParameter Raw)? Lookup(string parent, Dictionary<string, RawParameter> byName, RawParameter? list, int index)
    {
        if (list?.List!.Items.FirstOrDefault(i => i.Name == parent) is { } sibling)
            return (ElementName(list.Name, index, parent), sibling);
        return byName.TryGetValue(parent, out var top) ? (top.Name, top) : null;
    }

    /// <summary>The conditions of one <c>when</c>, each checked against its parent's domain; null if any is invalid.</summary>
    private List<ParameterCondition>? Resolve(IReadOnlyList<RawCondition> when, Func<string, (string FlatName, RawParameter Raw)?> lookup)
    {
        var conditions = new List<ParameterCondition>();
        var valid = true;
        foreach (var condition in when)
        {
            if (lookup(condition.Parent) is not { } parent)
            {
                if (!_declared.Contains(condition.Parent)) errors.Add(condition.Path, NoSuchParameter(condition.Parent));
                valid = false;
                continue;
            }
            if (CheckValues(condition, parent.Raw)) conditions.Add(new ParameterCondition(parent.FlatName, ConditionKind.In, condition.Values));
            else valid = false;
        }
        return valid ? conditions : null;
    }

    private bool CheckValues(RawCondition condition, RawParameter parent)
    {
        string? problem = parent switch
        {
            { List: not null } => $"'{parent.Name}' is a list; a condition can name its size parameter instead",
            { Domain: FloatDomain } => $"'{parent.Name}' is a float; conditions need a categorical, int or constant parent",
            { Domain: null } => "",
            _ => null,
        };
        if (problem is not null)
        {
            if (problem.Length > 0) errors.Add(condition.Path, problem, condition.Node);
            return false;
        }
        var valid = true;
        foreach (var value in condition.Values)
        {
            if (SearchSpace.Contains(value, parent.Domain!) && OnStep(value, parent.Domain!)) continue;
            errors.Add(condition.Path, $"'{parent.Name}' never takes the value {Show(value)}; {Describe(parent.Domain!)}", condition.Node);
            valid = false;
        }
        return valid;
    }

    private static bool OnStep(ParameterValue value, Domain domain) =>
        domain is not IntDomain d || (value.AsInt() - d.Low) % d.Step == 0;

    private static string Describe(Domain domain) => domain switch
    {
        CategoricalDomain c => $"its values are {string.Join(", ", c.Choices.Select(Show))}",
        IntDomain d => d.Step == 1 ? $"it is an int from {d.Low} to {d.High}" : $"it is an int from {d.Low} to {d.High} in steps of {d.Step}",
        ConstantDomain k => $"it is the constant {Show(k.Value)}",
        _ => "",
    };

    private string NoSuchParameter(string name) => $"no parameter named '{name}'{NameSuggestions.Hint(name, _declared)}";

    private static string Show(ParameterValue value) => value.Kind == ValueKind.String ? $"'{value}'" : value.ToString();

    /// <summary>The parameters that can stand on their own: parsed, and every parent present (none, if conditions cycle).</summary>
    private static SearchSpace Usable(List<ParameterDefinition> definitions, bool hasCycle)
    {
        var kept = hasCycle ? definitions.Where(d => !d.IsConditional).ToList() : definitions;
        while (true)
        {
            var names = kept.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            var next = kept.Where(d => d.Conditions.All(c => names.Contains(c.Parent))).ToList();
            if (next.Count == kept.Count) return new SearchSpace(next);
            kept = next;
        }
    }
}
