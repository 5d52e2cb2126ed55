using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// Parsed specs and their workloads by spec text. Every attempt carries its search's spec text, which the search
/// accepted when it was submitted (so it is read as accepted: a check added since must not fail its trials); parsing
/// it costs more than a cheap trial, and a workload holds what all trials of a search share (the torch workload its
/// data set, loaded on first use), so building one per trial would redo that work on every start. A worker may serve a hundred searches at once, so the least recently used spec is dropped once more
/// than <see cref="Capacity"/> are held (emptying the whole cache instead made every search re-parse on each trial).
/// One per worker (or trial process), reading specs and building workloads with that host's catalog.
/// </summary>
public sealed class SpecCache(SearchCatalog catalog)
{
    private const int Capacity = 256;
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();

    private sealed record Entry(string Text, SearchSpec Spec, Lazy<ITrialWorkload> Workload);

    public SearchSpec Parse(string specText) => Get(specText).Spec;

    /// <summary>The spec's workload, shared by its trials; a workload that fails to build fails every trial the same way.</summary>
    public ITrialWorkload Workload(string specText) => Get(specText).Workload.Value;

    /// <summary>Whether the spec's workload never blocks its caller (see <see cref="ITrialWorkload.NeverBlocks"/>); false when it does not build.</summary>
    public bool NeverBlocks(string specText)
    {
        try
        {
            return Workload(specText).NeverBlocks;
        }
        catch (Exception e) when (e is SpecException or InvalidOperationException or ArgumentException)
        {
            // The attempt fails with this error on its dedicated thread, where every failure is reported.
            return false;
        }
    }

    private Entry Get(string specText)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(specText, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value;
            }
        }
        var spec = SpecParser.ParseAccepted(specText, catalog);
        var entry = new Entry(specText, spec, new Lazy<ITrialWorkload>(() => catalog.Workloads.Create(spec.Workload), LazyThreadSafetyMode.ExecutionAndPublication));
        lock (_gate)
        {
            if (_entries.TryGetValue(specText, out var raced)) return raced.Value;
            _entries[specText] = _recency.AddFirst(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Remove(_recency.Last!.Value.Text);
                _recency.RemoveLast();
            }
            return entry;
        }
    }
}
