namespace ModelOpt.Training.Devices;

/// <summary>
/// One GPU's state at one moment: identified by PCI bus id (so a <c>cuda:N</c> ordinal can be matched to it), its
/// name, utilization (percent of the last sample period a kernel ran; null where the driver does not say) and memory.
/// </summary>
public sealed record GpuSample(string BusId, string Name, int? UtilizationPercent, long MemoryUsedBytes, long MemoryTotalBytes)
{
    /// <summary>
    /// Bus ids as <c>dddd:bb:dd.f</c> in upper case: NVML writes an 8-digit domain (<c>00000000:3B:00.0</c>), the CUDA
    /// driver a 4-digit one, nvidia-smi either.
    /// </summary>
    public static string NormalizeBusId(string busId)
    {
        var text = busId.Trim().ToUpperInvariant();
        var colon = text.IndexOf(':');
        if (colon < 0) return text;
        var domain = text[..colon].TrimStart('0');
        return $"{(domain.Length == 0 ? "0" : domain).PadLeft(4, '0')}{text[colon..]}";
    }
}

/// <summary>GPU memory one process holds on the GPU at <paramref name="BusId"/>.</summary>
public sealed record GpuProcessMemory(string BusId, int Pid, long Bytes);
