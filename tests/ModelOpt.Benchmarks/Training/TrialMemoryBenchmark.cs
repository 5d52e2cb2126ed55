using System.Diagnostics;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// Native and managed memory across many torch trials in one process: a small MLP, one epoch on 2,000 MNIST rows,
/// best/last checkpoints written, per trial. Prints the process RSS after every trial and the growth after the
/// first five (warm-up: allocator pools, JIT, the cached data set) as a difference of averages and a slope.
/// </summary>
public sealed class TrialMemoryBenchmark : IBenchmark
{
    public string Name => "trial-memory";
    public string Usage => "[--trials 50] [--threads 2] [--limit 2000]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 50);
        var threads = args.Int("threads", 2);
        var spec = new WorkloadSpec(TorchWorkload.Kind, new Dictionary<string, object?> { ["dataset"] = "mnist", ["limit"] = (long)args.Int("limit", 2000) });
        var options = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, options, BenchmarkModels.FromConfig);
        options.ThrowIfInvalid();
        var checkpoints = Path.Combine(Path.GetTempPath(), $"mopt-trial-memory-{Environment.ProcessId}");
        var rss = new List<double>();
        var clock = Stopwatch.StartNew();
        try
        {
            for (var t = 0; t < trials; t++)
            {
                var config = new Config([
                    KeyValuePair.Create("model", ParameterValue.String("mlp")),
                    KeyValuePair.Create("lr", ParameterValue.Float(1e-3 * (1 + t % 5))),
                    KeyValuePair.Create("batchSize", ParameterValue.Int(64))]);
                var context = new TrialContext("memory", $"t{t}", config, 1, (ulong)t, "cpu", threads, Path.Combine(checkpoints, $"t{t}"));
                await workload.RunAsync(context, _ => { }, CancellationToken.None);
                rss.Add(ResidentMegabytes());
            }
        }
        finally
        {
            if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
        }
        // RSS swings by tens of MB between trials (allocator arenas, GC timing), so growth compares averages of ten
        // trials after the warm-up with the last ten, and the least-squares slope shows any steady leak.
        var warm = rss.Skip(5).Take(10).DefaultIfEmpty(rss[^1]).Average();
        var last = rss.TakeLast(10).Average();
        return new
        {
            benchmark = Name,
            trials,
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            rss_mb_after_trial = rss.Select(v => Math.Round(v, 1)).ToArray(),
            rss_mb_mean_trials_6_to_15 = Math.Round(warm, 1),
            rss_mb_mean_last_10 = Math.Round(last, 1),
            growth_mb_after_5 = Math.Round(last - warm, 1),
            slope_mb_per_100_trials = Math.Round(Slope(rss.Skip(5).ToList()) * 100, 2),
            rss_mb_min_max_after_5 = new[] { Math.Round(rss.Skip(5).DefaultIfEmpty(0).Min(), 1), Math.Round(rss.Skip(5).DefaultIfEmpty(0).Max(), 1) },
            target_growth_mb = 50,
            managed_heap_mb = Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1),
        };
    }

    private static double Slope(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var meanX = (values.Count - 1) / 2.0;
        var meanY = values.Average();
        double num = 0, den = 0;
        for (var i = 0; i < values.Count; i++)
        {
            num += (i - meanX) * (values[i] - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return num / den;
    }

    private static double ResidentMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / 1048576.0;
    }
}
