using System.Globalization;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Devices;

/// <summary>
/// libtorch's CUDA allocator settings (PYTORCH_CUDA_ALLOC_CONF, read once when a process first allocates on a GPU).
/// A per-trial memory cap is its <c>per_process_memory_fraction</c>: the allocator refuses to hold more than that share
/// of the device's memory and raises an out-of-memory error instead, so the trial fails and its neighbours keep theirs.
/// The CUDA context itself (a few hundred MiB) is outside the cap.
/// </summary>
public static class AllocatorConfig
{
    public const string Variable = "PYTORCH_CUDA_ALLOC_CONF";

    /// <summary>
    /// The setting for a process on CUDA device <paramref name="device"/> capped at <paramref name="capBytes"/>, added to
    /// (or replacing the fraction in) what the user already set; throws a BadConfig failure where the device's size is unknown.
    /// </summary>
    public static string ForCap(string? existing, long capBytes, string device)
    {
        var ordinal = int.Parse(device["cuda:".Length..], CultureInfo.InvariantCulture);
        var total = CudaDriver.TotalMemoryBytes(ordinal)
                    ?? throw new TrialFailedException(FailureKind.BadConfig, $"trial.gpuMemory: the CUDA driver did not give the total memory of {device}, so the cap cannot be applied");
        return WithMemoryCap(existing, capBytes, total);
    }

    /// <summary>The setting with the cap added to (or replacing the fraction in) what the user already set.</summary>
    public static string WithMemoryCap(string? existing, long capBytes, long totalBytes)
    {
        var fraction = Math.Clamp(capBytes / (double)totalBytes, 1e-6, 1.0);
        var kept = (existing ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(setting => !setting.StartsWith("per_process_memory_fraction", StringComparison.Ordinal));
        return string.Join(',', kept.Append(string.Create(CultureInfo.InvariantCulture, $"per_process_memory_fraction:{fraction:0.######}")));
    }
}
