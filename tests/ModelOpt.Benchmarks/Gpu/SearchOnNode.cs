using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Node;
using ModelOpt.Training.Devices;
using ModelOpt.Training.Metrics;

namespace ModelOpt.Benchmarks.Gpu;

/// <summary>
/// One search on an embedded node as <c>mopt run</c> sets it up (SQLite journal, checkpoints, the search's concurrency
/// as slots sharing each GPU), with the GPUs sampled through <see cref="GpuMonitor"/> while it runs and the slot list
/// read once mid-run (what <c>mopt worker list</c> shows). A search still running at the limit is reported as it stands.
/// </summary>
internal static partial class SearchOnNode
{
    public sealed record Outcome(double Seconds, double FirstEpochSeconds, int Epochs, int Completed, int Stopped, int Failed, double? Best,
        IReadOnlyList<double> TrialGpuMemoryMib, IReadOnlyList<string> Failures, GpuUse? Gpu, WorkerSlot? GpuSlot, bool TimedOut);

    public sealed record GpuUse(double MeanUtilization, int MaxUtilization, double MaxMemoryUsedGib, int Samples, string Source);

    [GeneratedRegex(@"maxTrials:\s*\d+")]
    private static partial Regex MaxTrials();

    [GeneratedRegex(@"maxConcurrent:\s*\d+")]
    private static partial Regex MaxConcurrent();

    /// <summary>The spec with its trial count and concurrency replaced.</summary>
    public static string Sized(string spec, int trials, int slots) =>
        MaxConcurrent().Replace(MaxTrials().Replace(spec, $"maxTrials: {trials}"), $"maxConcurrent: {slots}");

    public static async Task<Outcome> RunAsync(string spec, int slots, string gpus, TrialIsolation isolation, TimeSpan limit)
    {
        var dir = Directory.CreateTempSubdirectory("mopt-gpu-bench-");
        try
        {
            using var host = NodeHost.Build(new NodeOptions
            {
                Port = 0, Slots = slots, Gpus = gpus, TrialsPerGpu = slots, TrialIsolation = isolation, LogLevel = LogLevel.Error,
                Journal = Path.Combine(dir.FullName, "journal.db"), Checkpoints = Path.Combine(dir.FullName, "checkpoints"),
            });
            await host.StartAsync();
            try
            {
                return await SearchAsync(host.Services, spec, limit);
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<Outcome> SearchAsync(IServiceProvider services, string spec, TimeSpan limit)
    {
        var commands = services.GetRequiredService<SearchCommands>();
        using var monitor = GpuMonitor.Open(CudaDevices.Count());
        var utilization = new List<int>();
        double maxMemory = 0;
        WorkerSlot? gpuSlot = null;
        var clock = Stopwatch.StartNew();
        var submitted = await commands.SubmitAsync(spec);
        if (!submitted.Accepted) throw new UsageException($"the spec was refused: {string.Join("; ", submitted.Errors)}");
        double? firstEpoch = null;
        SearchInfo snapshot;
        var nextSample = TimeSpan.Zero;
        var timedOut = false;
        while (true)
        {
            snapshot = await commands.GetAsync(submitted.SearchId) ?? throw new InvalidOperationException("the search disappeared");
            if (firstEpoch is null && snapshot.Trials.Any(t => t.Epochs > 0)) firstEpoch = clock.Elapsed.TotalSeconds;
            if (snapshot.Status != SearchStatus.Running) break;
            // Past the limit the figures so far are reported, marked as such.
            if (timedOut = clock.Elapsed > limit) break;
            if (monitor is not null && clock.Elapsed >= nextSample)
            {
                nextSample = clock.Elapsed + TimeSpan.FromMilliseconds(500);
                foreach (var gpu in monitor.Sample().Values)
                {
                    if (gpu.UtilizationPercent is { } u) utilization.Add(u);
                    maxMemory = Math.Max(maxMemory, gpu.MemoryUsedBytes / (double)(1L << 30));
                }
                if (gpuSlot is null && snapshot.Trials.Count(t => t.Epochs > 0) >= 2)
                    gpuSlot = (await services.GetRequiredService<ClusterCommands>().WorkersAsync()).FirstOrDefault(s => s.Gpu is not null && s.Status == SlotStatus.Running);
            }
            await Task.Delay(50);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var memory = snapshot.Trials.Select(t => t.Curve.LastOrDefault()?.Metrics.GetValueOrDefault(MetricNames.GpuMemoryMib))
            .Where(m => m is > 0).Select(m => m!.Value).Order().ToList();
        return new Outcome(seconds, firstEpoch ?? seconds, snapshot.Trials.Sum(t => t.Epochs),
            snapshot.Count(TrialStatus.Completed), snapshot.Count(TrialStatus.Stopped), snapshot.Count(TrialStatus.Failed), snapshot.Best?.Objective, memory,
            [.. snapshot.Trials.Where(t => t.Status == TrialStatus.Failed).Select(t => $"{t.TrialId} {t.Failure}: {Short(t.Reason)}")],
            monitor is null ? null : new GpuUse(utilization.Count == 0 ? 0 : Math.Round(utilization.Average(), 1), utilization.DefaultIfEmpty(0).Max(),
                Math.Round(maxMemory, 2), utilization.Count, monitor.Source),
            gpuSlot, timedOut);
    }

    public static string Short(string? text) => text is null ? "" : text.Length <= 240 ? text : text[..240] + "…";
}
