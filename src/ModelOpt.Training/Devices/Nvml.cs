using System.Runtime.InteropServices;
using System.Text;

namespace ModelOpt.Training.Devices;

/// <summary>
/// The NVIDIA Management Library (libnvidia-ml.so.1, installed with the driver), called directly: utilization, memory
/// and the processes on each GPU, without spawning nvidia-smi. <see cref="TryOpen"/> answers null where there is no
/// driver, so callers fall back (<see cref="NvidiaSmi"/>) or report nothing. NVML counts its own initializations, so
/// several owners in one process are fine. Indices are NVML's (PCI order), not CUDA ordinals: match them by PCI bus id.
/// </summary>
public sealed class Nvml : IDisposable
{
    private const string Library = "libnvidia-ml.so.1";
    private const int Success = 0;
    private const int InsufficientSize = 7;
    private bool _disposed;

    private Nvml()
    {
    }

    public static Nvml? TryOpen()
    {
        try
        {
            return nvmlInit_v2() == Success ? new Nvml() : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }
    }

    public int DeviceCount => nvmlDeviceGetCount_v2(out var count) == Success ? (int)count : 0;

    /// <summary>Every GPU's readings, in NVML order; a GPU that fails to answer is left out.</summary>
    public IReadOnlyList<GpuSample> Sample() => Guarded(() =>
    {
        var samples = new List<GpuSample>();
        for (var i = 0; i < DeviceCount; i++)
            if (nvmlDeviceGetHandleByIndex_v2((uint)i, out var device) == Success && Read(device) is { } sample)
                samples.Add(sample);
        return samples;
    });

    /// <summary>GPU memory each process uses on each GPU (bytes), keyed by PCI bus id; empty where NVML cannot see them (e.g. another PID namespace).</summary>
    public IReadOnlyList<GpuProcessMemory> Processes() => Guarded(() =>
    {
        var result = new List<GpuProcessMemory>();
        for (var i = 0; i < DeviceCount; i++)
        {
            if (nvmlDeviceGetHandleByIndex_v2((uint)i, out var device) != Success || BusId(device) is not { } busId) continue;
            foreach (var (pid, bytes) in ComputeProcesses(device)) result.Add(new GpuProcessMemory(busId, pid, bytes));
        }
        return result;
    });

    /// <summary>An older driver may lack an entry point: telemetry then reads nothing rather than failing its caller.</summary>
    private static IReadOnlyList<T> Guarded<T>(Func<List<T>> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or MarshalDirectiveException)
        {
            return [];
        }
    }

    private static GpuSample? Read(IntPtr device)
    {
        if (BusId(device) is not { } busId || nvmlDeviceGetMemoryInfo(device, out var memory) != Success) return null;
        var utilization = nvmlDeviceGetUtilizationRates(device, out var rates) == Success ? (int)rates.Gpu : (int?)null;
        var name = new byte[96];
        var text = nvmlDeviceGetName(device, name, (uint)name.Length) == Success ? Ascii(name) : "NVIDIA GPU";
        return new GpuSample(busId, text, utilization, (long)memory.Used, (long)memory.Total);
    }

    private static string? BusId(IntPtr device) =>
        nvmlDeviceGetPciInfo_v3(device, out var pci) == Success ? GpuSample.NormalizeBusId(Ascii(pci.BusId)) : null;

    private static List<(int Pid, long Bytes)> ComputeProcesses(IntPtr device)
    {
        var count = 0u;
        var infos = Array.Empty<ProcessInfo>();
        var status = nvmlDeviceGetComputeRunningProcesses_v3(device, ref count, infos);
        while (status == InsufficientSize)
        {
            infos = new ProcessInfo[count + 4];
            count = (uint)infos.Length;
            status = nvmlDeviceGetComputeRunningProcesses_v3(device, ref count, infos);
        }
        if (status != Success) return [];
        // NVML reports an unavailable figure (some virtualized setups) as all ones.
        return [.. infos.Take((int)count).Where(p => p.UsedGpuMemory != ulong.MaxValue).Select(p => ((int)p.Pid, (long)p.UsedGpuMemory))];
    }

    private static string Ascii(byte[] text) => Encoding.ASCII.GetString(text, 0, Array.IndexOf(text, (byte)0) is var end and >= 0 ? end : text.Length);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        nvmlShutdown();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Utilization
    {
        public uint Gpu;
        public uint Memory;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Memory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ProcessInfo
    {
        public uint Pid;
        public ulong UsedGpuMemory;
        public uint GpuInstanceId;
        public uint ComputeInstanceId;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PciInfo
    {
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)]
        public byte[] BusIdLegacy;
        public uint Domain;
        public uint Bus;
        public uint Device;
        public uint PciDeviceId;
        public uint PciSubSystemId;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 32)]
        public byte[] BusId;
    }

    [DllImport(Library)]
    private static extern int nvmlInit_v2();

    [DllImport(Library)]
    private static extern int nvmlShutdown();

    [DllImport(Library)]
    private static extern int nvmlDeviceGetCount_v2(out uint count);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetName(IntPtr device, [Out] byte[] name, uint length);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetUtilizationRates(IntPtr device, out Utilization utilization);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetMemoryInfo(IntPtr device, out Memory memory);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetPciInfo_v3(IntPtr device, out PciInfo pci);

    [DllImport(Library)]
    private static extern int nvmlDeviceGetComputeRunningProcesses_v3(IntPtr device, ref uint count, [In, Out] ProcessInfo[] infos);
}
