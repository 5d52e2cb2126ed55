using static TorchSharp.torch;

namespace ModelOpt.Training.MixedPrecision;

/// <summary>
/// An autocast region on the calling thread, as Python's <c>torch.autocast</c> opens one: matrix products and
/// convolutions run in the region's low-precision type, reductions and losses in fp32. libtorch decides per operator
/// in its dispatcher, so every TorchSharp call inside the region is covered. Leaving the region restores the previous
/// state and, at the outermost level, drops the cast copies of the weights (they would be stale after the optimizer
/// step). Open it around the forward pass and the loss only; the backward pass runs outside, as PyTorch recommends.
/// </summary>
public readonly struct Autocast : IDisposable
{
    private readonly AutocastNative.State? _previous;
    private readonly sbyte _device;

    private Autocast(sbyte device, AutocastNative.State previous)
    {
        _device = device;
        _previous = previous;
    }

    /// <summary>Opens a region for <paramref name="precision"/> on <paramref name="device"/>; fp32 opens nothing.</summary>
    public static Autocast Enter(NumericPrecision precision, Device device)
    {
        if (precision == NumericPrecision.Fp32) return default;
        var deviceType = device.type == TorchSharp.DeviceType.CPU ? AutocastNative.Cpu : AutocastNative.Cuda;
        var dtype = precision == NumericPrecision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float16;
        return new Autocast(deviceType, AutocastNative.Enter(deviceType, dtype));
    }

    public void Dispose()
    {
        if (_previous is { } previous) AutocastNative.Exit(_device, previous);
    }
}
