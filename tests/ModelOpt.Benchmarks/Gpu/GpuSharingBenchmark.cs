using ModelOpt.Cluster.Workers.Isolation;

namespace ModelOpt.Benchmarks.Gpu;

/// <summary>
/// How throughput grows as more trials share one GPU: the same search (the main job's spec by default) run with each
/// slot count in <c>--slots</c>, every slot on the GPU (as <c>mopt run</c> shares it), trials in their own processes or
/// on the worker's threads (<c>--isolation</c>). Reports epochs trained per second of search wall time, the speed-up
/// of the largest slot count over the smallest, GPU utilization and memory sampled while it ran, and the per-trial GPU
/// memory the trials reported. Rates are given over the search's wall time from submission (what <c>mopt run</c> shows,
/// start-up included) and from the first epoch on (a cluster whose workers are already up). <c>--gpus none</c> runs the
/// same on CPU slots (a dry run of the script).
/// </summary>
public sealed class GpuSharingBenchmark : IBenchmark
{
    public string Name => "gpu-sharing";
    public string Usage => "[--spec examples/mnist-demo.yaml] [--trials 32] [--slots 2,8] [--isolation process|thread|auto] [--gpus auto|none] [--label name] [--limit-s 300]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var specPath = args.String("spec", "examples/mnist-demo.yaml");
        if (!File.Exists(specPath)) throw new UsageException($"--spec: no file '{specPath}'");
        var trials = args.Int("trials", 32);
        var slotCounts = args.String("slots", "2,8").Split(',').Select(s => int.TryParse(s, out var n) && n > 0 ? n : throw new UsageException($"--slots: '{s}' is not a positive count")).ToList();
        var isolation = TrialIsolationOptions.Parse(args.String("isolation", "process"), "--isolation");
        var gpus = args.String("gpus", "auto");
        var limit = TimeSpan.FromSeconds(args.Int("limit-s", 300));
        var text = await File.ReadAllTextAsync(specPath);

        var runs = new List<(int Slots, SearchOnNode.Outcome Outcome)>();
        foreach (var slots in slotCounts)
            runs.Add((slots, await SearchOnNode.RunAsync(SearchOnNode.Sized(text, trials, slots), slots, gpus, isolation, limit)));

        double Rate(SearchOnNode.Outcome o) => o.Epochs / o.Seconds;
        return new
        {
            benchmark = Name,
            label = args.String("label", Path.GetFileNameWithoutExtension(specPath)),
            spec = specPath,
            trials,
            isolation = isolation.ToString().ToLowerInvariant(),
            gpus,
            runs = runs.Select(r => new
            {
                slots = r.Slots,
                seconds = Math.Round(r.Outcome.Seconds, 2),
                first_epoch_s = Math.Round(r.Outcome.FirstEpochSeconds, 2),
                epochs = r.Outcome.Epochs,
                epochs_per_s = Math.Round(Rate(r.Outcome), 2),
                // Without the start-up (trial processes, CUDA contexts, data): the rate of a cluster already running.
                epochs_per_s_after_first_epoch = Math.Round(r.Outcome.Epochs / Math.Max(1e-9, r.Outcome.Seconds - r.Outcome.FirstEpochSeconds), 2),
                completed = r.Outcome.Completed,
                stopped = r.Outcome.Stopped,
                failed = r.Outcome.Failed,
                best = r.Outcome.Best is { } b ? Math.Round(b, 4) : (double?)null,
                gpu_mean_utilization = r.Outcome.Gpu?.MeanUtilization,
                gpu_max_utilization = r.Outcome.Gpu?.MaxUtilization,
                gpu_max_memory_gib = r.Outcome.Gpu?.MaxMemoryUsedGib,
                gpu_samples = r.Outcome.Gpu?.Samples,
                gpu_source = r.Outcome.Gpu?.Source,
                trial_gpu_memory_mib_median = r.Outcome.TrialGpuMemoryMib.Count == 0 ? (double?)null : r.Outcome.TrialGpuMemoryMib[r.Outcome.TrialGpuMemoryMib.Count / 2],
                trial_gpu_memory_mib_max = r.Outcome.TrialGpuMemoryMib.Count == 0 ? (double?)null : r.Outcome.TrialGpuMemoryMib[^1],
                worker_list_gpu = r.Outcome.GpuSlot is { Gpu: { } g } s ? $"{s.Device}: {ModelOpt.Cli.Output.Tables.Gpu(g)}" : null,
                failures = r.Outcome.Failures.Take(3),
                timed_out = r.Outcome.TimedOut,
            }),
            speedup_largest_over_smallest = runs.Count < 2 ? (double?)null : Math.Round(Rate(runs[^1].Outcome) / Rate(runs[0].Outcome), 2),
        };
    }
}
