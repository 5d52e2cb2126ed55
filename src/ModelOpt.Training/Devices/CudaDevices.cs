using TorchSharp;

namespace ModelOpt.Training.Devices;

/// <summary>The CUDA devices libtorch can see on this machine.</summary>
public static class CudaDevices
{
    /// <summary>
    /// Number of usable CUDA devices; 0 with the CPU backend, without a driver, or where the native library cannot
    /// load — a CPU worker must start whatever the GPU situation.
    /// </summary>
    public static int Count()
    {
        try
        {
            return torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return 0;
        }
    }
}
