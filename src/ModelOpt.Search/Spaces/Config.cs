using System.Collections;
using System.Collections.Immutable;

namespace ModelOpt.Search.Spaces;

/// <summary>A trial's configuration: the active parameters' values by flat name. Immutable; equal by content.</summary>
public sealed class Config : IReadOnlyDictionary<string, ParameterValue>, IEquatable<Config>
{
    private readonly ImmutableSortedDictionary<string, ParameterValue> _values;

    public static Config Empty { get; } = new(ImmutableSortedDictionary<string, ParameterValue>.Empty.WithComparers(StringComparer.Ordinal));

    private Config(ImmutableSortedDictionary<string, ParameterValue> values) => _values = values;

    public Config(IEnumerable<KeyValuePair<string, ParameterValue>> values)
        : this(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, values)) { }

    public Config With(string name, ParameterValue value) => new(_values.SetItem(name, value));
    public Config Without(string name) => new(_values.Remove(name));

    public ParameterValue this[string key] => _values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"parameter '{key}' is not in this configuration");
    public IEnumerable<string> Keys => _values.Keys;
    public IEnumerable<ParameterValue> Values => _values.Values;
    public int Count => _values.Count;
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    public bool TryGetValue(string key, out ParameterValue value) => _values.TryGetValue(key, out value);

    public double GetDouble(string name) => this[name].AsDouble();
    public long GetInt(string name) => this[name].AsInt();
    public string GetString(string name) => this[name].AsString();
    public bool GetBool(string name) => this[name].AsBool();

    public double GetDouble(string name, double fallback) => TryGetValue(name, out var v) ? v.AsDouble() : fallback;
    public long GetInt(string name, long fallback) => TryGetValue(name, out var v) ? v.AsInt() : fallback;
    public string GetString(string name, string fallback) => TryGetValue(name, out var v) ? v.AsString() : fallback;
    public bool GetBool(string name, bool fallback) => TryGetValue(name, out var v) ? v.AsBool() : fallback;

    public IEnumerator<KeyValuePair<string, ParameterValue>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Config? other) => other is not null && Count == other.Count && _values.All(kv => other.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));
    public override bool Equals(object? obj) => Equals(obj as Config);
    public override int GetHashCode() => _values.Aggregate(17, (h, kv) => h * 31 + HashCode.Combine(kv.Key, kv.Value));

    public override string ToString() => string.Join(", ", _values.Select(kv => $"{kv.Key}={kv.Value}"));
}
