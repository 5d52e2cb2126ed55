using System.Diagnostics;

namespace ModelOpt.Cluster.Dispatch;

/// <summary>
/// Keys remembered for a while after they were added (or added again). Forgetting looks only at the oldest entries, so
/// at a thousand ended attempts a second the dispatcher's once-a-second cleanup does not walk a minute's worth of them.
/// </summary>
internal sealed class RecentSet<TKey>(TimeSpan keep) where TKey : notnull
{
    private readonly Dictionary<TKey, long> _added = [];
    private readonly Queue<(TKey Key, long At)> _order = new();

    public int Count => _added.Count;

    public void Add(TKey key)
    {
        var now = Stopwatch.GetTimestamp();
        _added[key] = now;
        _order.Enqueue((key, now));
    }

    public bool Contains(TKey key) => _added.ContainsKey(key);

    public bool Remove(TKey key) => _added.Remove(key);

    /// <summary>Forgets the keys added longer ago than the time they are kept.</summary>
    public void Forget()
    {
        while (_order.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest.At) > keep)
        {
            _order.Dequeue();
            // Added again since (a later entry in the queue keeps it) or removed already: only the latest entry counts.
            if (_added.TryGetValue(oldest.Key, out var at) && at == oldest.At) _added.Remove(oldest.Key);
        }
    }
}
