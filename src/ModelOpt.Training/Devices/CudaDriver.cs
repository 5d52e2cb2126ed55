using System.Runtime.InteropServices;
using System.Text;

namespace ModelOpt.Training.Devices;

/// <summary>
/// What the CUDA driver (libcuda.so.1, present wherever an NVIDIA driver is) says about a device that TorchSharp does
/// not: its compute capability (bf16 needs 8.0), total memory (a per-trial memory cap is a fraction of it) and PCI bus
/// id (to match a <c>cuda:N</c> ordinal with the GPU NVML reports on). Answers null on a machine without the driver.
/// Ordinals follow CUDA_VISIBLE_DEVICES, as libtorch's do.
/// </summary>
public static class CudaDriver
{
    private const string Library = "libcuda.so.1";
    private const int ComputeCapabilityMajor = 75;
    private const int ComputeCapabilityMinor = 76;

    private static readonly Lazy<bool> Initialized = new(() => Try(() => cuInit(0) == 0), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>(major, minor), e.g. (9, 0) for an H100/H200; null without a driver or such a device.</summary>
    public static (int Major, int Minor)? ComputeCapability(int ordinal) =>
        Device(ordinal) is { } device && cuDeviceGetAttribute(out var major, ComputeCapabilityMajor, device) == 0 &&
        cuDeviceGetAttribute(out var minor, ComputeCapabilityMinor, device) == 0
            ? (major, minor)
            : null;

    public static long? TotalMemoryBytes(int ordinal) =>
        Device(ordinal) is { } device && cuDeviceTotalMem_v2(out var bytes, device) == 0 ? (long)bytes : null;

    public static string? Name(int ordinal) => Text(ordinal, cuDeviceGetName);

    /// <summary>domain:bus:device.function, e.g. <c>0000:3B:00.0</c>.</summary>
    public static string? PciBusId(int ordinal) => Text(ordinal, cuDeviceGetPCIBusId);

    private static string? Text(int ordinal, Func<byte[], int, int, int> read)
    {
        if (Device(ordinal) is not { } device) return null;
        var buffer = new byte[128];
        return read(buffer, buffer.Length, device) == 0 ? Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0) is var end and >= 0 ? end : buffer.Length) : null;
    }

    private static int? Device(int ordinal) =>
        ordinal >= 0 && Initialized.Value && Try(() => cuDeviceGet(out var d, ordinal) == 0 ? d : (int?)null) is { } device ? device : null;

    private static T? Try<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return default;
        }
    }

    [DllImport(Library)]
    private static extern int cuInit(uint flags);

    [DllImport(Library)]
    private static extern int cuDeviceGet(out int device, int ordinal);

    [DllImport(Library)]
    private static extern int cuDeviceGetAttribute(out int value, int attribute, int device);

    [DllImport(Library)]
    private static extern int cuDeviceTotalMem_v2(out nuint bytes, int device);

    [DllImport(Library)]
    private static extern int cuDeviceGetName([Out] byte[] name, int length, int device);

    [DllImport(Library)]
    private static extern int cuDeviceGetPCIBusId([Out] byte[] busId, int length, int device);
}
