using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;
using ModelOpt.Node;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// What the cluster machinery costs per trial: a one-process node (coordinator + worker) runs a Branin random search
/// whose trials take microseconds, so the figures are the dispatcher, journal and messaging overhead: trials per
/// second, dispatch latency (slot freed → next trial started on it, p50/p99) and slot utilisation.
/// </summary>
public sealed class DispatchOverheadBenchmark : IBenchmark
{
    public string Name => "dispatch-overhead";
    public string Usage => "[--slots 4] [--trials 500] [--journal <sqlite file>] (default: in-memory journal)";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var slots = args.Int("slots", 4);
        var trials = args.Int("trials", 500);
        var journal = args.String("journal", "");
        if (slots < 1 || trials < 1) throw new UsageException("--slots and --trials must be at least 1");

        using var host = NodeHost.Build(new NodeOptions { Port = 0, Slots = slots, Journal = journal == "" ? null : journal, LogLevel = LogLevel.Error });
        await host.StartAsync();
        try
        {
            var commands = host.Services.GetRequiredService<ISearchCommands>();
            var clock = Stopwatch.StartNew();
            var submitted = await commands.SubmitAsync(Spec(trials, slots));
            if (!submitted.Accepted) throw new InvalidOperationException(string.Join("; ", submitted.Errors));
            SearchSnapshot done;
            while ((done = (await commands.GetAsync(submitted.SearchId))!).Status == SearchStatus.Running)
                await Task.Delay(20);
            var seconds = clock.Elapsed.TotalSeconds;

            var dispatcher = await host.Services.GetRequiredService<IRequiredActor<TrialDispatcherKey>>().GetAsync();
            var stats = await dispatcher.Ask<DispatchStats>(new GetDispatchStats(), TimeSpan.FromSeconds(10));
            return new
            {
                benchmark = Name,
                slots,
                trials,
                journal = journal == "" ? "in-memory" : "sqlite",
                completed = done.Trials.Count(t => t.Phase == TrialPhase.Completed),
                seconds = Math.Round(seconds, 2),
                trials_per_second = Math.Round(trials / seconds, 1),
                dispatch_latency_ms_p50 = Math.Round(stats.LatencyP50Ms, 2),
                dispatch_latency_ms_p99 = Math.Round(stats.LatencyP99Ms, 2),
                slot_utilization = Math.Round(stats.Utilization, 3),
            };
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string Spec(int trials, int slots) => $$"""
        apiVersion: modelopt/v1
        name: dispatch-overhead
        seed: 1
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{slots}}}
        workload: {kind: function, function: branin}
        """;
}
