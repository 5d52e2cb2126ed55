using System.Globalization;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// The slots a worker offers: <c>trialsPerGpu</c> per GPU (<c>cuda:0</c>, <c>cuda:1</c>, …; <c>cuda:0#1</c> for a GPU's
/// second slot) or, without GPUs, <c>cpuSlots</c> CPU slots (<c>cpu#0</c>, …). <c>gpus</c> is <c>auto</c> (every GPU
/// libtorch sees, else CPU slots), <c>none</c>, or a count. Small models leave most of a GPU idle, so several trials
/// may share one.
/// </summary>
public static class WorkerDevices
{
    public static IReadOnlyList<string> Resolve(int cpuSlots, string gpus, Func<int> detectGpus, int trialsPerGpu = 1)
    {
        if (cpuSlots < 1) throw new ArgumentException($"--slots: a worker needs at least one slot, got {cpuSlots}");
        if (trialsPerGpu < 1) throw new ArgumentException($"--trials-per-gpu: expected at least 1, got {trialsPerGpu}");
        int count;
        switch (gpus)
        {
            case "none":
                count = 0;
                break;
            case "auto":
                count = detectGpus();
                break;
            default:
                if (!int.TryParse(gpus, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count < 1)
                    throw new ArgumentException($"--gpus: expected auto, none or a positive count, got '{gpus}'");
                var seen = detectGpus();
                if (count > seen) throw new ArgumentException($"--gpus: asked for {count} GPU(s) but libtorch sees {seen}");
                break;
        }
        if (count == 0) return [.. Enumerable.Range(0, cpuSlots).Select(i => $"cpu#{i}")];
        return trialsPerGpu == 1
            ? [.. Enumerable.Range(0, count).Select(i => $"cuda:{i}")]
            : [.. Enumerable.Range(0, count).SelectMany(i => Enumerable.Range(0, trialsPerGpu).Select(k => $"cuda:{i}#{k}"))];
    }

    /// <summary>The torch device a slot trains on: <c>cpu#3</c> → <c>cpu</c>, <c>cuda:0#1</c> → <c>cuda:0</c>.</summary>
    public static string TorchDevice(string slotDevice) =>
        slotDevice.StartsWith("cuda", StringComparison.Ordinal) ? slotDevice.Split('#')[0] : "cpu";
}
