using System.Collections.Concurrent;
using ModelOpt.Search.Specs;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// Parsed specs by their text: every attempt carries its search's spec text, and parsing (YAML plus checking that the
/// algorithms build) costs more than a cheap trial. A node runs a handful of searches at a time, so the cache is
/// simply emptied when it grows past that.
/// </summary>
internal static class SpecCache
{
    private const int Capacity = 64;
    private static readonly ConcurrentDictionary<string, SearchSpec> Specs = new(StringComparer.Ordinal);

    public static SearchSpec Parse(string specText)
    {
        if (Specs.TryGetValue(specText, out var spec)) return spec;
        spec = SpecParser.Parse(specText);
        if (Specs.Count >= Capacity) Specs.Clear();
        Specs[specText] = spec;
        return spec;
    }
}
