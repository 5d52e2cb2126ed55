using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs.Reading;

namespace ModelOpt.Search;

/// <summary>
/// The options block of a searcher, scheduler or workload as written in a spec. Algorithms read their options
/// through it, so the same code both validates a spec (every problem recorded with its path) and configures
/// the algorithm. Keys nobody read are reported as unknown.
/// </summary>
public sealed class AlgorithmOptions
{
    private readonly IReadOnlyDictionary<string, object?> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<SpecError> _errors;

    public AlgorithmOptions(string path, IReadOnlyDictionary<string, object?>? values = null)
        : this(path, values, new List<SpecError>()) { }

    private AlgorithmOptions(string path, IReadOnlyDictionary<string, object?>? values, List<SpecError> errors)
    {
        Path = path;
        _values = values ?? new Dictionary<string, object?>();
        _errors = errors;
    }

    public static AlgorithmOptions None(string path) => new(path);

    /// <summary>
    /// Options of a spec that was accepted earlier and is read back from a journal: problems are still recorded, but
    /// <see cref="ThrowIfInvalid"/> lets them pass (each reader falls back to its default), so a check added since then
    /// cannot keep a search from recovering.
    /// </summary>
    public bool Accepted { get; init; }

    /// <summary>Where these options sit in the spec, e.g. <c>searcher</c>.</summary>
    public string Path { get; }

    public IReadOnlyList<SpecError> Errors => _errors;

    public void AddError(string key, string message) => _errors.Add(new SpecError($"{Path}.{key}", message));

    /// <summary>Whether <paramref name="key"/> has a value: a key written with none (<c>function:</c>) reads as absent, as every reader here treats it.</summary>
    public bool Has(string key) => _values.TryGetValue(key, out var value) && value is not null;

    public double Double(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        if (!TryRead(key, out var raw)) return fallback;
        if (raw is not (double or long or int or float or decimal)) { AddError(key, $"must be a number, got '{raw}'"); return fallback; }
        var v = Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
        // Comparisons with NaN are all false, so it would pass any range check; no option means infinity either.
        if (!double.IsFinite(v)) { AddError(key, $"must be a finite number, got {YamlValues.Number(v)}"); return fallback; }
        if (v < min || v > max) { AddError(key, $"must be between {min} and {max}, got {v}"); return fallback; }
        return v;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryRead(key, out var raw)) return fallback;
        if (raw is not (long or int) && !(raw is double d && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9e15))
        {
            AddError(key, $"must be an integer, got {(raw is double x ? YamlValues.Number(x) : $"'{raw}'")}");
            return fallback;
        }
        var v = Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture);
        if (v < min || v > max) { AddError(key, $"must be between {min} and {max}, got {v}"); return fallback; }
        return (int)v;
    }

    /// <summary>A duration as <see cref="Specs.DurationFormat"/> reads it (<c>30s</c>, <c>2m</c>) or a number of seconds.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (!TryRead(key, out var raw)) return fallback;
        var text = raw is string s ? s : Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        if (raw is bool || !Specs.DurationFormat.TryParse(text, out var duration))
        {
            AddError(key, $"must be a duration such as 30s, 5m or 1h, got '{raw}'");
            return fallback;
        }
        if (duration < min || duration > max)
        {
            AddError(key, $"must be between {Specs.DurationFormat.Format(min)} and {Specs.DurationFormat.Format(max)}, got {text}");
            return fallback;
        }
        return duration;
    }

    public bool Bool(string key, bool fallback)
    {
        if (!TryRead(key, out var raw)) return fallback;
        if (raw is bool b) return b;
        AddError(key, $"must be true or false, got '{raw}'");
        return fallback;
    }

    public string String(string key, string fallback, params string[] allowed)
    {
        if (!TryRead(key, out var raw)) return fallback;
        if (raw is not string s) { AddError(key, $"must be a string, got '{raw}'"); return fallback; }
        if (allowed.Length > 0 && !allowed.Contains(s, StringComparer.Ordinal))
        {
            AddError(key, $"must be one of {string.Join(", ", allowed)}, got '{s}'");
            return fallback;
        }
        return s;
    }

    public string? OptionalString(string key)
    {
        if (!TryRead(key, out var raw)) return null;
        if (raw is string s) return s;
        AddError(key, $"must be a string, got '{raw}'");
        return null;
    }

    public IReadOnlyList<object?>? List(string key)
    {
        if (!TryRead(key, out var raw)) return null;
        if (raw is IReadOnlyList<object?> list) return list;
        AddError(key, "must be a list");
        return null;
    }

    public IReadOnlyDictionary<string, object?>? Map(string key)
    {
        if (!TryRead(key, out var raw)) return null;
        if (raw is IReadOnlyDictionary<string, object?> map) return map;
        AddError(key, "must be a mapping");
        return null;
    }

    /// <summary>
    /// The options of a nested mapping (e.g. <c>scheduler.earlyStopping</c>), or null when the key is absent. Its
    /// problems are recorded in this block's error list, under the nested path.
    /// </summary>
    public AlgorithmOptions? Nested(string key)
    {
        var map = Map(key);
        return map is null ? null : new AlgorithmOptions($"{Path}.{key}", map, _errors) { Accepted = Accepted };
    }

    /// <summary>Records an error for every key that no reader asked for. Call once, after all options are read.</summary>
    public void RejectUnknown()
    {
        foreach (var key in _values.Keys)
            if (!_read.Contains(key))
                AddError(key, "unknown option");
    }

    /// <summary>Throws <see cref="SpecException"/> if any problem was recorded, unless these options were <see cref="Accepted"/> before.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0 && !Accepted) throw new SpecException(_errors);
    }

    private bool TryRead(string key, out object? value)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out value) && value is not null;
    }

    public static object? FromParameterValue(ParameterValue v) => v.ToObject();
}
