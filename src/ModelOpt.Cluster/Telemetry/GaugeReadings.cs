using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ModelOpt.Cluster.Telemetry;

/// <summary>
/// The current values of one observable gauge, one per key (a slot, a search, a running trial) with its attributes.
/// Written by actors, read by the metrics exporter's collection thread.
/// </summary>
public sealed class GaugeReadings<T> where T : struct
{
    private readonly ConcurrentDictionary<string, (T Value, KeyValuePair<string, object?>[] Tags)> _values = new(StringComparer.Ordinal);

    public void Set(string key, T value, params KeyValuePair<string, object?>[] tags) => _values[key] = (value, tags);

    /// <summary>Changes the value of a key set before, keeping its attributes; ignored for an unknown key.</summary>
    public void Update(string key, T value)
    {
        if (_values.TryGetValue(key, out var reading)) _values[key] = (value, reading.Tags);
    }

    public void Remove(string key) => _values.TryRemove(key, out _);

    public IEnumerable<Measurement<T>> Observe() => _values.Values.Select(r => new Measurement<T>(r.Value, r.Tags));
}
