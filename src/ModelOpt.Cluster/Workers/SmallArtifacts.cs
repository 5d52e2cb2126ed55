using System.Text;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// The artifacts a trial's outcome carries into the journal: every value travels in the completed event and every
/// snapshot, so values over <see cref="MaxValueBytes"/> (UTF-8) are left out; the workload's files keep them.
/// </summary>
public static class SmallArtifacts
{
    public const int MaxValueBytes = 64 * 1024;

    /// <summary>The artifacts small enough to keep, or null when none are.</summary>
    public static IReadOnlyDictionary<string, string>? Of(IReadOnlyDictionary<string, string>? artifacts)
    {
        if (artifacts is null) return null;
        var kept = artifacts.Where(kv => Encoding.UTF8.GetByteCount(kv.Value) <= MaxValueBytes).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return kept.Count == 0 ? null : kept;
    }
}
