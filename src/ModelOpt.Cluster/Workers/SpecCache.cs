using System.Collections.Concurrent;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// Parsed specs and their workloads by spec text. Every attempt carries its search's spec text, which the search
/// accepted when it was submitted (so it is read as accepted: a check added since must not fail its trials); parsing
/// it costs more than a cheap trial, and a workload holds what all trials of a search
/// share (the torch workload its data set, loaded on first use), so building one per trial would redo that work on
/// every start. A node runs a handful of searches at a time, so the cache is simply emptied when it grows past that.
/// </summary>
internal static class SpecCache
{
    private const int Capacity = 64;
    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    private sealed record Entry(SearchSpec Spec, Lazy<ITrialWorkload> Workload);

    public static SearchSpec Parse(string specText) => Get(specText).Spec;

    /// <summary>The spec's workload, shared by its trials; a workload that fails to build fails every trial the same way.</summary>
    public static ITrialWorkload Workload(string specText) => Get(specText).Workload.Value;

    private static Entry Get(string specText)
    {
        if (Entries.TryGetValue(specText, out var entry)) return entry;
        var spec = SpecParser.ParseAccepted(specText);
        entry = new Entry(spec, new Lazy<ITrialWorkload>(() => WorkloadRegistry.Create(spec.Workload), LazyThreadSafetyMode.ExecutionAndPublication));
        if (Entries.Count >= Capacity) Entries.Clear();
        return Entries.GetOrAdd(specText, entry);
    }
}
