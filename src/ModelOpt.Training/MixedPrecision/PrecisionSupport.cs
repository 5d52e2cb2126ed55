using System.Globalization;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Devices;

namespace ModelOpt.Training.MixedPrecision;

/// <summary>
/// Whether a device can train in a precision. bf16 autocast needs a CPU or a GPU of compute capability 8.0 or newer
/// (Ampere: A100, H100, H200, L4, RTX 30xx on); fp16 needs a GPU (CPUs have no fp16 matrix units, so it would only be
/// slower there). A refusal is a <see cref="FailureKind.BadConfig"/> failure naming the device and what to use instead.
/// </summary>
public static class PrecisionSupport
{
    public static void Ensure(NumericPrecision precision, string device)
    {
        if (precision == NumericPrecision.Fp32) return;
        var name = precision.Name();
        if (!AutocastNative.Available)
            throw Refused($"precision {name} needs libtorch's autocast (at::autocast), which the loaded libtorch does not export; use fp32");
        if (device == "cpu")
        {
            if (precision == NumericPrecision.Fp16) throw Refused("precision fp16 needs a CUDA GPU; on the CPU use bf16 (or fp32)");
            return;
        }
        if (precision != NumericPrecision.Bf16) return;
        var ordinal = int.Parse(device["cuda:".Length..], CultureInfo.InvariantCulture);
        if (CudaDriver.ComputeCapability(ordinal) is { Major: < 8 } capability)
            throw Refused(string.Create(CultureInfo.InvariantCulture,
                $"precision bf16 needs a GPU of compute capability 8.0 or newer; {device} ({CudaDriver.Name(ordinal) ?? "unknown"}) is {capability.Major}.{capability.Minor}: use fp16"));
    }

    private static TrialFailedException Refused(string message) => new(FailureKind.BadConfig, message);
}
