using System.Globalization;

namespace ModelOpt.Training.Devices;

/// <summary>
/// Reads the GPUs of this machine through NVML, else nvidia-smi; <see cref="Open"/> answers null where neither works
/// (a CPU-only machine), so callers report nothing rather than zeros. Readings are keyed by <c>cuda:N</c>, matched to
/// NVML's devices by PCI bus id (NVML counts in PCI order, CUDA fastest first or as CUDA_VISIBLE_DEVICES says); a GPU
/// CUDA does not see is left out.
/// </summary>
public sealed class GpuMonitor : IDisposable
{
    private readonly Nvml? _nvml;
    private readonly IReadOnlyDictionary<string, string> _devicesByBusId;

    private GpuMonitor(Nvml? nvml, IReadOnlyDictionary<string, string> devicesByBusId)
    {
        _nvml = nvml;
        _devicesByBusId = devicesByBusId;
    }

    /// <summary>"nvml" or "nvidia-smi".</summary>
    public string Source => _nvml is null ? "nvidia-smi" : "nvml";

    /// <param name="cudaDevices">How many CUDA devices this process sees (libtorch's count).</param>
    public static GpuMonitor? Open(int cudaDevices)
    {
        if (cudaDevices <= 0) return null;
        var nvml = Nvml.TryOpen();
        var samples = nvml?.Sample() ?? NvidiaSmi.Sample();
        if (samples is null || samples.Count == 0)
        {
            nvml?.Dispose();
            return null;
        }
        var byBusId = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < cudaDevices; ordinal++)
        {
            // Without the driver API's bus ids, assume CUDA and NVML agree on the order (no CUDA_VISIBLE_DEVICES).
            var busId = CudaDriver.PciBusId(ordinal) is { } id ? GpuSample.NormalizeBusId(id) : ordinal < samples.Count ? samples[ordinal].BusId : null;
            if (busId is not null) byBusId[busId] = string.Create(CultureInfo.InvariantCulture, $"cuda:{ordinal}");
        }
        return new GpuMonitor(nvml, byBusId);
    }

    /// <summary>Each visible GPU's readings, by torch device (<c>cuda:0</c>).</summary>
    public IReadOnlyDictionary<string, GpuSample> Sample()
    {
        var samples = _nvml?.Sample() ?? NvidiaSmi.Sample() ?? [];
        return samples.Where(s => _devicesByBusId.ContainsKey(s.BusId)).ToDictionary(s => _devicesByBusId[s.BusId], StringComparer.Ordinal);
    }

    /// <summary>GPU memory (bytes) of process <paramref name="pid"/> on <paramref name="device"/>; null where it cannot be seen.</summary>
    public long? ProcessMemory(int pid, string device)
    {
        var processes = _nvml?.Processes() ?? NvidiaSmi.Processes();
        var match = processes.Where(p => p.Pid == pid && _devicesByBusId.TryGetValue(p.BusId, out var d) && d == device).ToList();
        return match.Count == 0 ? null : match.Sum(p => p.Bytes);
    }

    public void Dispose() => _nvml?.Dispose();
}
