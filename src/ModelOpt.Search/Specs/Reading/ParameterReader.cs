using System.Text.RegularExpressions;
using ModelOpt.Search.Spaces;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Reads one parameter of <c>space</c>: a bare scalar (a constant) or a mapping with a <c>type</c> of float, int,
/// categorical, constant or list, plus an optional <c>when</c>. Every problem is recorded; the domain is null if any.
/// </summary>
internal sealed partial class ParameterReader(SpecErrorList errors, SpecLimits limits)
{
    /// <summary>Upper bound on a list's element count, so a typo such as <c>high: 4000</c> cannot expand into thousands of parameters.</summary>
    public const int MaxListSize = 256;

    private static readonly string[] Types = ["float", "int", "categorical", "constant", "list"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();

    public RawParameter? Read(string name, string path, YamlNode key, YamlNode node, bool insideList)
    {
        if (!NamePattern().IsMatch(name))
        {
            errors.Add(path, "a parameter name is letters, digits and '_', starting with a letter or '_'", key);
            return null;
        }
        switch (node)
        {
            case YamlScalarNode scalar:
                return ToValue(path, YamlValues.Scalar(scalar), node) is { } constant
                    ? new RawParameter(name, path, node, new ConstantDomain(constant), [], null)
                    : null;
            case YamlMappingNode mapping:
                return ReadTyped(name, new MappingReader(path, mapping, errors), insideList);
            default:
                errors.Add(path, "a parameter is a constant value or a mapping with a type (float, int, categorical, constant, list); " +
                                 "for a choice write {type: categorical, values: [...]}", node);
                return null;
        }
    }

    private RawParameter? ReadTyped(string name, MappingReader r, bool insideList)
    {
        var type = r.Choice("type", Types, required: true);
        var when = ReadWhen(r);
        if (type is null)
        {
            // Without a type the allowed keys are unknown; only a misspelt 'type' is worth reporting.
            r.RejectUnknown(onlyMisspellings: true);
            return null;
        }

        Domain? domain = null;
        RawList? list = null;
        switch (type)
        {
            case "float": domain = ReadFloat(r); break;
            case "int": domain = ReadInt(r); break;
            case "categorical": domain = ReadCategorical(r); break;
            case "constant": domain = ReadConstant(r); break;
            case "list" when insideList:
                errors.Add(r.PathOf("type"), "lists inside lists are not supported", r.Get("type"));
                return null;
            case "list": list = ReadList(r); break;
        }
        r.RejectUnknown($"for a {type} parameter");
        return (domain is null && list is null) || when is null ? null : new RawParameter(name, r.Path, r.Node, domain, when, list);
    }

    private FloatDomain? ReadFloat(MappingReader r)
    {
        var low = r.Number("low", required: true);
        var high = r.Number("high", required: true);
        var log = r.Bool("log") ?? false;
        var step = r.Number("step");
        if (low is not { } lo || high is not { } hi) return null;
        var before = errors.Count;
        CheckBounds(r, lo, hi, log, step is not null);
        if (step is { } s && lo < hi)
        {
            if (s <= 0) errors.Add(r.PathOf("step"), $"must be > 0, got {YamlValues.Number(s)}", r.Get("step"));
            else if (s > hi - lo) errors.Add(r.PathOf("step"), $"must be ≤ high - low ({YamlValues.Number(hi - lo)}), got {YamlValues.Number(s)}", r.Get("step"));
            else if (!IsWholeMultiple((hi - lo) / s))
                errors.Add(r.PathOf("step"), $"high - low ({YamlValues.Number(hi - lo)}) must be a whole multiple of step, got {YamlValues.Number(s)}", r.Get("step"));
        }
        return errors.Count == before ? new FloatDomain(lo, hi, log, step) : null;
    }

    private IntDomain? ReadInt(MappingReader r)
    {
        var low = r.Integer("low", required: true);
        var high = r.Integer("high", required: true);
        var log = r.Bool("log") ?? false;
        var step = r.Integer("step", min: 1);
        if (low is not { } lo || high is not { } hi) return null;
        var before = errors.Count;
        CheckBounds(r, lo, hi, log, step is not null and not 1);
        if (step is { } s && lo < hi)
        {
            if (s > hi - lo) errors.Add(r.PathOf("step"), $"must be ≤ high - low ({hi - lo}), got {s}", r.Get("step"));
            else if ((hi - lo) % s != 0) errors.Add(r.PathOf("step"), $"high - low ({hi - lo}) must be a whole multiple of step, got {s}", r.Get("step"));
        }
        return errors.Count == before ? new IntDomain(lo, hi, log, step ?? 1) : null;
    }

    private void CheckBounds(MappingReader r, double low, double high, bool log, bool stepped)
    {
        if (low >= high)
            errors.Add(r.Path, $"low must be < high, got low {YamlValues.Number(low)} and high {YamlValues.Number(high)} (use a constant for a single value)", r.Get("low"));
        if (log && low <= 0)
            errors.Add(r.Path, $"log scale needs low > 0, got {YamlValues.Number(low)}", r.Get("low"));
        if (log && stepped)
            errors.Add(r.PathOf("step"), "cannot be combined with log scale", r.Get("step"));
    }

    private CategoricalDomain? ReadCategorical(MappingReader r)
    {
        var node = r.Get("values", required: true);
        if (node is null) return null;
        var path = r.PathOf("values");
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add(path, $"must be a non-empty list of values, got {YamlValues.Describe(node)}", node);
            return null;
        }
        if (sequence.Children.Count > limits.MaxCategoricalValues)
        {
            errors.Add(path, $"has {sequence.Children.Count} values; at most {limits.MaxCategoricalValues} are supported", node);
            return null;
        }
        var before = errors.Count;
        var choices = new List<ParameterValue>();
        // Numbers compare by value, as CategoricalDomain.IndexOf does, so 1 and 1.0 are the same choice.
        var seen = new Dictionary<object, int>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var child = sequence.Children[i];
            var childPath = $"{path}[{i}]";
            if (child is not YamlScalarNode scalar) { errors.Add(childPath, $"must be a single value, got {YamlValues.Describe(child)}", child); continue; }
            if (ToValue(childPath, YamlValues.Scalar(scalar), child) is not { } value) continue;
            var key = value.IsNumeric ? (object)value.AsDouble() : value;
            if (seen.TryGetValue(key, out var earlier)) errors.Add(childPath, $"duplicate of {path}[{earlier}] ({value})", child);
            else seen[key] = i;
            choices.Add(value);
        }
        return errors.Count == before ? new CategoricalDomain(choices) : null;
    }

    private ConstantDomain? ReadConstant(MappingReader r)
    {
        var raw = r.Scalar("value", required: true);
        return raw is not null && ToValue(r.PathOf("value"), raw, r.Get("value")!) is { } value ? new ConstantDomain(value) : null;
    }

    private RawList? ReadList(MappingReader r)
    {
        var sizePath = r.PathOf("size");
        var sizeNode = r.Get("size", required: true);
        string? sizeParameter = null;
        long? fixedSize = null;
        switch (sizeNode is YamlScalarNode s ? YamlValues.Scalar(s) : sizeNode)
        {
            case null: break;
            case string name: sizeParameter = name; break;
            case long n when n is >= 1 and <= MaxListSize: fixedSize = n; break;
            default:
                errors.Add(sizePath, $"must name an int parameter or be a count from 1 to {MaxListSize}, got {YamlValues.Describe(sizeNode!)}", sizeNode);
                break;
        }

        var itemPath = r.PathOf("item");
        var items = new List<RawParameter>();
        var itemNode = r.Get("item", required: true);
        if (itemNode is null) return null;
        var itemReader = MappingReader.For(itemPath, itemNode, errors, "a mapping of parameter names to parameters");
        if (itemReader is null) return null;
        var before = errors.Count;
        foreach (var (name, key, value) in itemReader.Entries)
            if (Read(name, itemReader.PathOf(name), key, value, insideList: true) is { } item)
                items.Add(item);
        if (!itemReader.Entries.Any()) errors.Add(itemPath, "needs at least one parameter", itemReader.Node);
        return errors.Count == before && (sizeParameter is not null || fixedSize is not null)
            ? new RawList(sizeParameter, fixedSize, sizePath, sizeNode, items)
            : null;
    }

    /// <summary>The <c>when</c> entries; null when any is invalid (already reported).</summary>
    private List<RawCondition>? ReadWhen(MappingReader r)
    {
        var node = r.Get("when");
        if (node is null) return [];
        var when = MappingReader.For(r.PathOf("when"), node, errors, "a mapping of parameter names to the values they must take");
        if (when is null) return null;
        var before = errors.Count;
        var conditions = new List<RawCondition>();
        foreach (var (parent, _, valueNode) in when.Entries)
        {
            var path = when.PathOf(parent);
            var valueNodes = valueNode is YamlSequenceNode seq ? seq.Children.ToList() : [valueNode];
            if (valueNodes.Count == 0) { errors.Add(path, "needs at least one value", valueNode); continue; }
            var values = new List<ParameterValue>();
            for (var i = 0; i < valueNodes.Count; i++)
            {
                var itemPath = valueNode is YamlSequenceNode ? $"{path}[{i}]" : path;
                if (valueNodes[i] is not YamlScalarNode scalar) { errors.Add(itemPath, $"must be a single value, got {YamlValues.Describe(valueNodes[i])}", valueNodes[i]); continue; }
                if (ToValue(itemPath, YamlValues.Scalar(scalar), scalar) is { } value) values.Add(value);
            }
            conditions.Add(new RawCondition(parent, values, path, valueNode));
        }
        if (!when.Entries.Any()) errors.Add(when.Path, "needs at least one parent parameter", node);
        return errors.Count == before ? conditions : null;
    }

    private ParameterValue? ToValue(string path, object? raw, YamlNode node)
    {
        switch (raw)
        {
            case long l: return ParameterValue.Int(l);
            case double d when double.IsFinite(d): return ParameterValue.Float(d);
            case bool b: return ParameterValue.Bool(b);
            case string s: return ParameterValue.String(s);
            case null: errors.Add(path, "needs a value (null is not one)", node); return null;
            default: errors.Add(path, $"must be a finite number, a string or true/false, got {YamlValues.Describe(raw)}", node); return null;
        }
    }

    private static bool IsWholeMultiple(double ratio) => Math.Abs(ratio - Math.Round(ratio)) < 1e-6 * Math.Max(1, ratio);
}
