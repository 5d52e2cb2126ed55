using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Benchmarks.Gpu;

/// <summary>
/// A trial whose kernel crashes, for the isolation benchmark only: an index past the end of a tensor, which on a GPU
/// trips a device-side assertion and leaves the process's CUDA context unusable (every later call fails), as a buggy
/// custom layer would. On the CPU the same index fails as an ordinary error. Known to the benchmarks' program when it
/// runs as a trial process.
/// </summary>
public sealed class KernelFaultWorkload : ITrialWorkload
{
    public const string Kind = "kernel-fault";

    public static SearchCatalog AddTo(SearchCatalog catalog) => catalog.WithWorkload(Kind, (_, options) =>
    {
        options.RejectUnknown();
        return new KernelFaultWorkload();
    });

    public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        var values = arange(10, device: torch.device(context.Device));
        var outOfRange = tensor(new long[] { 3, 1_000_000 }, device: torch.device(context.Device));
        var picked = values.index_select(0, outOfRange).cpu();
        return Task.FromResult(new TrialResult(new Dictionary<string, double> { ["picked"] = picked.sum().item<long>() }));
    }
}
