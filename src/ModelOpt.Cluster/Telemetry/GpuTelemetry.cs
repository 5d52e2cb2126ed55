using System.Globalization;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Training.Devices;

namespace ModelOpt.Cluster.Telemetry;

/// <summary>
/// A worker's GPUs in the <c>modelopt.gpu.*</c> gauges and its heartbeats: utilization, memory and the trials running
/// on each, read through <see cref="GpuMonitor"/> (NVML, else nvidia-smi). Exists only for a worker with GPU slots;
/// the monitor opens on the first sample, off the actor's thread.
/// </summary>
public sealed class GpuTelemetry : IDisposable
{
    private readonly string _node;
    private readonly Lazy<GpuMonitor?> _monitor;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    private GpuTelemetry(string node, int cudaDevices)
    {
        _node = node;
        _monitor = new Lazy<GpuMonitor?>(() => GpuMonitor.Open(cudaDevices), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>For a worker offering <paramref name="slots"/>; null when none of them is on a GPU.</summary>
    public static GpuTelemetry? For(string node, IEnumerable<string> slots)
    {
        var ordinals = slots.Where(s => s.StartsWith("cuda:", StringComparison.Ordinal))
            .Select(s => int.Parse(s["cuda:".Length..].Split('#')[0], CultureInfo.InvariantCulture)).ToList();
        return ordinals.Count == 0 ? null : new GpuTelemetry(node, ordinals.Max() + 1);
    }

    /// <summary>Reads every GPU (blocking: call it off the actor's thread); empty where no GPU can be read.</summary>
    public IReadOnlyDictionary<string, GpuSample> Sample() => _monitor.Value?.Sample() ?? new Dictionary<string, GpuSample>();

    /// <summary>Sets the gauges from a sample and returns the statuses a heartbeat carries.</summary>
    /// <param name="trialsOn">The attempts running on a torch device (<c>cuda:0</c>).</param>
    public IReadOnlyList<GpuStatus> Publish(IReadOnlyDictionary<string, GpuSample> samples, Func<string, int> trialsOn)
    {
        var statuses = samples.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new GpuStatus(kv.Key, kv.Value.Name, kv.Value.UtilizationPercent, kv.Value.MemoryUsedBytes, kv.Value.MemoryTotalBytes, trialsOn(kv.Key)))
            .ToList();
        foreach (var gpu in statuses)
        {
            var key = $"{_node}/{gpu.Device}";
            KeyValuePair<string, object?>[] tags = [new("node", _node), new("device", gpu.Device), new("gpu", gpu.Name)];
            _keys.Add(key);
            if (gpu.UtilizationPercent is { } utilization) ModelOptTelemetry.GpuUtilization.Set(key, utilization, tags);
            ModelOptTelemetry.GpuMemoryUsed.Set(key, gpu.MemoryUsedBytes, tags);
            ModelOptTelemetry.GpuMemoryTotal.Set(key, gpu.MemoryTotalBytes, tags);
            ModelOptTelemetry.GpuTrials.Set(key, gpu.Trials, tags);
        }
        return statuses;
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            ModelOptTelemetry.GpuUtilization.Remove(key);
            ModelOptTelemetry.GpuMemoryUsed.Remove(key);
            ModelOptTelemetry.GpuMemoryTotal.Remove(key);
            ModelOptTelemetry.GpuTrials.Remove(key);
        }
        if (_monitor.IsValueCreated) _monitor.Value?.Dispose();
    }
}
