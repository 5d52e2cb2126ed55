namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>A worker's trial processes, one per isolated slot; started with the worker, killed with it.</summary>
public sealed class SlotProcesses : IDisposable
{
    private readonly Dictionary<string, SlotProcess> _slots;

    public SlotProcesses(IEnumerable<string> slots, TrialIsolationOptions options)
    {
        var isolated = slots.Where(options.IsolatesSlot).ToList();
        var command = isolated.Count == 0 ? null : options.Command ?? TrialHostCommand.Current();
        _slots = isolated.ToDictionary(s => s, s => new SlotProcess(s, command!), StringComparer.Ordinal);
    }

    /// <summary>The slot's trial process, or null when the slot runs trials on threads of the worker.</summary>
    public SlotProcess? For(string slot) => _slots.GetValueOrDefault(slot);

    public IReadOnlyCollection<SlotProcess> All => _slots.Values;

    public void WarmAll()
    {
        foreach (var slot in _slots.Values) slot.Warm();
    }

    public void Dispose()
    {
        Parallel.ForEach(_slots.Values, slot => slot.Dispose());
    }
}
