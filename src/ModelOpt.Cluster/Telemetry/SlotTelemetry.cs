namespace ModelOpt.Cluster.Telemetry;

/// <summary>A worker's own slots in the <c>modelopt.slots.busy</c> and <c>modelopt.slots.total</c> gauges.</summary>
public sealed class SlotTelemetry
{
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public SlotTelemetry(string node, IEnumerable<string> devices)
    {
        foreach (var device in devices)
        {
            var key = $"{node}/{device}";
            _keys[device] = key;
            KeyValuePair<string, object?>[] tags = [new("node", node), new("device", device)];
            ModelOptTelemetry.SlotsTotal.Set(key, 1, tags);
            ModelOptTelemetry.SlotsBusy.Set(key, 0, tags);
        }
    }

    public void Busy(string device, bool busy)
    {
        if (_keys.TryGetValue(device, out var key)) ModelOptTelemetry.SlotsBusy.Update(key, busy ? 1 : 0);
    }

    /// <summary>The worker stopped: its slots leave the gauges.</summary>
    public void Withdraw()
    {
        foreach (var key in _keys.Values)
        {
            ModelOptTelemetry.SlotsTotal.Remove(key);
            ModelOptTelemetry.SlotsBusy.Remove(key);
        }
    }
}
