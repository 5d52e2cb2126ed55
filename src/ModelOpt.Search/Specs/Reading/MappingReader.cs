using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Reads the keys of one mapping in a spec, recording a problem (with its dotted path) for every missing,
/// mistyped or out-of-range value instead of stopping. Each getter returns null when the value is absent or bad,
/// so callers carry on and report everything at once. <see cref="RejectUnknown"/> reports keys no getter asked for,
/// and missing required keys: deferred to then, so that a misspelt key is reported once, as a misspelling.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    // Document order matters: the space's parameter order (and so every searcher's draws) follows it.
    private readonly List<string> _order = new();
    private readonly List<string> _asked = new();
    private readonly List<string> _missing = new();

    public MappingReader(string path, YamlMappingNode node, SpecErrorList errors)
    {
        Path = path;
        Node = node;
        Errors = errors;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode) errors.Add(path, "keys must be plain names", key);
            else if (_entries.TryAdd(YamlValues.KeyText(key), (key, value))) _order.Add(YamlValues.KeyText(key));
        }
    }

    /// <summary>Reads <paramref name="node"/> as a mapping, or records that it must be one and returns null.</summary>
    public static MappingReader? For(string path, YamlNode? node, SpecErrorList errors, string what = "a mapping")
    {
        if (node is YamlMappingNode mapping) return new MappingReader(path, mapping, errors);
        errors.Add(path, $"must be {what}, got {(node is null ? "nothing" : YamlValues.Describe(node))}", node);
        return null;
    }

    public string Path { get; }
    public YamlMappingNode Node { get; }
    public SpecErrorList Errors { get; }

    public string PathOf(string key) => SpecPath.Child(Path, key);

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The keys present in the mapping, in document order.</summary>
    public IEnumerable<(string Name, YamlNode Key, YamlNode Value)> Entries =>
        _order.Select(name => (name, _entries[name].Key, _entries[name].Value));

    /// <summary>The raw node under <paramref name="key"/>; a required one that is missing is recorded.</summary>
    public YamlNode? Get(string key, bool required = false)
    {
        _asked.Add(key);
        if (_entries.TryGetValue(key, out var entry) && !IsNull(entry.Value)) return entry.Value;
        if (required && !_missing.Contains(key)) _missing.Add(key);
        return null;
    }

    public object? Scalar(string key, bool required = false)
    {
        var node = Get(key, required);
        if (node is null) return null;
        if (node is YamlScalarNode scalar) return YamlValues.Scalar(scalar);
        Errors.Add(PathOf(key), $"must be a single value, got {YamlValues.Describe(node)}", node);
        return null;
    }

    public string? String(string key, bool required = false)
    {
        var value = Scalar(key, required);
        if (value is null or string) return (string?)value;
        Errors.Add(PathOf(key), $"must be a string, got {YamlValues.Describe(value)}", Get(key));
        return null;
    }

    public double? Number(string key, bool required = false)
    {
        var value = Scalar(key, required);
        if (value is null) return null;
        if (value is long or double)
        {
            var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            if (double.IsFinite(number)) return number;
            Errors.Add(PathOf(key), $"must be a finite number, got {YamlValues.Describe(value)}", Get(key));
            return null;
        }
        Errors.Add(PathOf(key), $"must be a number, got {YamlValues.Describe(value)}", Get(key));
        return null;
    }

    /// <summary>An integer (a float with no fractional part, such as <c>1e3</c>, counts) within [min, max].</summary>
    public long? Integer(string key, bool required = false, long min = long.MinValue, long max = long.MaxValue)
    {
        var value = Scalar(key, required);
        if (value is null) return null;
        long? whole = value switch
        {
            long l => l,
            double d when double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
            _ => null,
        };
        if (whole is null) { Errors.Add(PathOf(key), $"must be an integer, got {YamlValues.Describe(value)}", Get(key)); return null; }
        if (whole < min) { Errors.Add(PathOf(key), $"must be ≥ {min}, got {whole}", Get(key)); return null; }
        if (whole > max) { Errors.Add(PathOf(key), $"must be ≤ {max}, got {whole}", Get(key)); return null; }
        return whole;
    }

    public bool? Bool(string key)
    {
        var value = Scalar(key);
        if (value is null or bool) return (bool?)value;
        Errors.Add(PathOf(key), $"must be true or false, got {YamlValues.Describe(value)}", Get(key));
        return null;
    }

    /// <summary>One of <paramref name="allowed"/>; a near miss gets a suggestion.</summary>
    public string? Choice(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var value = String(key, required);
        if (value is null || allowed.Contains(value)) return value;
        Errors.Add(PathOf(key), $"must be one of {string.Join(", ", allowed)}, got '{value}'{ClosestHint(value, allowed)}", Get(key));
        return null;
    }

    /// <summary>A duration: <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1h30m</c>, or a number of seconds.</summary>
    public TimeSpan? Duration(string key)
    {
        var value = Scalar(key);
        if (value is null) return null;
        var text = value switch
        {
            string s => s,
            long or double => YamlValues.Describe(value),
            _ => null,
        };
        if (text is not null && DurationFormat.TryParse(text, out var duration)) return duration;
        Errors.Add(PathOf(key), $"must be a positive duration such as 30s, 10m, 2h, 1h30m or a number of seconds, got {YamlValues.Describe(value)}", Get(key));
        return null;
    }

    /// <summary>A memory size such as 512MiB or 4GiB (<see cref="ByteSizeFormat"/>), in bytes.</summary>
    public long? ByteSize(string key)
    {
        var value = Scalar(key);
        if (value is null) return null;
        if (value is string text && ByteSizeFormat.TryParse(text, out var bytes)) return bytes;
        Errors.Add(PathOf(key), $"must be a memory size of at least 1MiB such as 512MiB or 4GiB, got {YamlValues.Describe(value)}", Get(key));
        return null;
    }

    /// <summary>The mapping under <paramref name="key"/> as raw values, without <paramref name="except"/> keys.</summary>
    public Dictionary<string, object?> Rest(params string[] except)
    {
        var rest = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, _, value) in Entries)
        {
            if (except.Contains(name)) continue;
            _asked.Add(name);
            rest[name] = YamlValues.ToObject(value);
        }
        return rest;
    }

    /// <summary>
    /// Records every key that no getter asked for, suggesting the closest known key, and every required key that
    /// is missing unless an unknown key looks like its misspelling. Call once, after all getters.
    /// </summary>
    /// <param name="onlyMisspellings">Report only unknown keys that look like a missing required key (used when the
    /// set of allowed keys is itself unknown, e.g. a parameter without a valid type).</param>
    public void RejectUnknown(string? context = null, bool onlyMisspellings = false)
    {
        var misspelt = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, key, _) in Entries)
        {
            if (_asked.Contains(name)) continue;
            var close = NameSuggestions.Closest(name, _asked.Distinct());
            var isMisspelling = close is not null && _missing.Contains(close);
            if (isMisspelling) misspelt.Add(close!);
            if (onlyMisspellings && !isMisspelling) continue;
            var where = context is null ? "" : $" {context}";
            Errors.Add(PathOf(name), $"unknown key '{name}'{where}{(close is null ? "" : $"; did you mean '{close}'?")}", key);
        }
        foreach (var key in _missing.Where(k => !misspelt.Contains(k)))
            Errors.Add(PathOf(key), "required", Node);
    }

    private static string ClosestHint(string given, IEnumerable<string> known) =>
        NameSuggestions.Closest(given, known.Distinct()) is { } close ? $"; did you mean '{close}'?" : "";

    private static bool IsNull(YamlNode node) => node is YamlScalarNode s && YamlValues.Scalar(s) is null;
}
