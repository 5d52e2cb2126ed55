using ModelOpt.Training.Devices;
using ModelOpt.Training.Metrics;

namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>
/// The GPU memory this trial process holds, as NVML sees it (the CUDA context, libtorch's cached blocks and the live
/// tensors), added to each report as <see cref="MetricNames.GpuMemoryMib"/>: the peak of the trial so far. Only on a
/// GPU, and only where NVML can see the process (not from another PID namespace); otherwise reports stay as they were.
/// </summary>
internal sealed class ProcessGpuMemory(string device) : IDisposable
{
    private readonly Lazy<GpuMonitor?> _monitor = new(() => device.StartsWith("cuda", StringComparison.Ordinal)
        ? GpuMonitor.Open(Training.Devices.CudaDevices.Count())
        : null);

    public Peak NewTrial(string trialDevice) => new(this, trialDevice);

    public void Dispose()
    {
        if (_monitor.IsValueCreated) _monitor.Value?.Dispose();
    }

    private long? Read(string trialDevice)
    {
        if (!trialDevice.StartsWith("cuda", StringComparison.Ordinal)) return null;
        try
        {
            return _monitor.Value?.ProcessMemory(Environment.ProcessId, trialDevice);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reading is never worth failing the trial over.
            return null;
        }
    }

    public sealed class Peak(ProcessGpuMemory owner, string trialDevice)
    {
        private long _bytes;

        public IReadOnlyDictionary<string, double> AddTo(IReadOnlyDictionary<string, double> metrics)
        {
            if (owner.Read(trialDevice) is not { } bytes) return metrics;
            _bytes = Math.Max(_bytes, bytes);
            return new Dictionary<string, double>(metrics, StringComparer.Ordinal) { [MetricNames.GpuMemoryMib] = Math.Round(_bytes / (double)(1 << 20), 1) };
        }
    }
}
