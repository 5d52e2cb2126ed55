using System.Text.RegularExpressions;
using ModelOpt.Search.Workloads;
using static TorchSharp.torch;

namespace ModelOpt.Training.Workloads;

/// <summary>The devices a trial may name: <c>cpu</c> or <c>cuda:N</c> (the latter only where CUDA is present).</summary>
public static partial class DeviceNames
{
    public static bool IsValid(string device) => device == "cpu" || CudaPattern().IsMatch(device);

    /// <summary>Throws <see cref="FailureKind.BadConfig"/> when the device is malformed or not present on this machine.</summary>
    public static void EnsureAvailable(string device)
    {
        if (!IsValid(device))
            throw new TrialFailedException(FailureKind.BadConfig, $"device '{device}' is not 'cpu' or 'cuda:N'");
        if (device == "cpu") return;
        var index = int.Parse(CudaPattern().Match(device).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (!cuda.is_available())
            throw new TrialFailedException(FailureKind.BadConfig, $"device '{device}' requested but CUDA is not available in this build/host (TorchSharp-cpu or no GPU)");
        if (index >= cuda.device_count())
            throw new TrialFailedException(FailureKind.BadConfig, $"device '{device}' requested but only {cuda.device_count()} CUDA device(s) exist");
    }

    [GeneratedRegex(@"^cuda:(\d+)$")]
    private static partial Regex CudaPattern();
}
