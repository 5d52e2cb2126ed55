using System.Globalization;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// The slots a worker offers: one per GPU (<c>cuda:0</c>, <c>cuda:1</c>, …) or, without GPUs, <c>cpuSlots</c> CPU slots
/// (<c>cpu#0</c>, …). <c>gpus</c> is <c>auto</c> (every GPU libtorch sees, else CPU slots), <c>none</c>, or a count.
/// </summary>
public static class WorkerDevices
{
    public static IReadOnlyList<string> Resolve(int cpuSlots, string gpus, Func<int> detectGpus)
    {
        if (cpuSlots < 1) throw new ArgumentException($"--slots: a worker needs at least one slot, got {cpuSlots}");
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
        return count > 0
            ? [.. Enumerable.Range(0, count).Select(i => $"cuda:{i}")]
            : [.. Enumerable.Range(0, cpuSlots).Select(i => $"cpu#{i}")];
    }
}
