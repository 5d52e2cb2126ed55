using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Security;
using ModelOpt.Node;
using ModelOpt.Benchmarks.Specs;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// What the cluster machinery costs per trial: a one-process node (coordinator + a worker with <c>--slots</c> slots)
/// runs one random search through the real search entity, dispatcher, workers, runners and journal. With
/// <c>--trial-ms 0</c> trials are a Branin evaluation (microseconds, one report each), so the figures are pure
/// overhead; with <c>--trial-ms N</c> each trial is one simulated epoch of N ms (curve workload), for utilization.
/// Reports trials per second (submission to the search's end, as the search records them), dispatch latency (slot freed → next trial started
/// on it, p50/p99, at the dispatcher) and slot utilization (busy over available slot-time while trials ran).
/// With <c>--remote-workers N</c> the slots live on N worker nodes of their own (separate actor systems in this
/// process, talking to the coordinator over loopback TCP), so every assignment, report and result crosses remoting;
/// <c>--tls on</c> makes that remoting mutual TLS, which is what the TLS-on/off comparison measures. CPU time per
/// trial (the whole process, every node in it, submission to the end) is reported too: on a shared machine it
/// compares configurations better than wall time. With <c>--warmup-trials N</c> a first search of N trials runs on the
/// same node before the measured one and is reported as <c>warmup</c>: that one is a freshly started node's first search
/// ("cold", it pays the JIT of the whole path), the measured one a running node's next search ("warm").
/// </summary>
public sealed class DispatchOverheadBenchmark : IBenchmark
{
    public string Name => "dispatch-overhead";
    public string Usage => "[--slots 4] [--trials 500] [--trial-ms 0] [--journal <sqlite file or Host=… connection string>] [--snapshot-every 1000] " +
                           "[--remote-workers 0] [--tls off|on] [--warmup-trials 0] [--witness [--slow-ms 300]] [--jit-log <file>] (default: in-memory journal, slots on the coordinator's own node)";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var slots = args.Int("slots", 4);
        var trials = args.Int("trials", 500);
        var trialMs = args.Int("trial-ms", 0);
        var journal = args.String("journal", "");
        var snapshotEvery = args.Int("snapshot-every", SearchEntity.DefaultSnapshotEvery);
        var remoteWorkers = args.Int("remote-workers", 0);
        var warmupTrials = args.Int("warmup-trials", 0);
        var tls = args.String("tls", "off") switch
        {
            "on" => ClusterTls.InMemory(),
            "off" => null,
            var other => throw new UsageException($"--tls must be on or off, got '{other}'"),
        };
        if (slots < 1 || trials < 1 || trialMs < 0 || warmupTrials < 0)
            throw new UsageException("--slots and --trials must be at least 1, --trial-ms and --warmup-trials at least 0");
        if (remoteWorkers < 0 || (remoteWorkers > 0 && slots % remoteWorkers != 0)) throw new UsageException("--remote-workers must divide --slots");

        // Every node gets the same in-memory certificate, so they trust one another and nothing else.
        using var timings = new PathTimings();
        using var witness = args.Flag("witness") ? new StallWitness(JournalDirectory(journal), args.Double("slow-ms", 300)) : null;
        var jitLogPath = args.String("jit-log", "");
        using var jitLog = jitLogPath == "" ? null : new JitLog(jitLogPath);
        using var host = NodeHost.Build(new NodeOptions
        {
            Roles = remoteWorkers == 0 ? [CoordinatorHostingExtensions.CoordinatorRole, CoordinatorHostingExtensions.WorkerRole] : [CoordinatorHostingExtensions.CoordinatorRole],
            Port = 0, Slots = slots, Journal = journal == "" ? null : journal, SnapshotEvery = snapshotEvery, LogLevel = LogLevel.Error, Tls = tls,
        });
        await host.StartAsync();
        var workers = new List<IHost>();
        try
        {
            if (remoteWorkers > 0) await StartWorkersAsync(host, workers, remoteWorkers, slots / remoteWorkers, tls);
            var commands = host.Services.GetRequiredService<SearchCommands>();
            Dictionary<string, object?>? warmup = null;
            if (warmupTrials > 0)
            {
                var first = await RunSearchAsync(commands, Spec(warmupTrials, slots, trialMs), jitLog, "warmup");
                warmup = first.Figures(warmupTrials);
                timings.Clear();
            }
            var measured = await RunSearchAsync(commands, Spec(trials, slots, trialMs), jitLog, "measured");

            var dispatcher = await host.Services.GetRequiredService<IRequiredActor<TrialDispatcherKey>>().GetAsync();
            var stats = await dispatcher.Ask<DispatchStats>(new GetDispatchStats(), TimeSpan.FromSeconds(10));
            var result = new Dictionary<string, object?>
            {
                ["benchmark"] = Name,
                ["slots"] = slots,
                ["trial_ms"] = trialMs,
                ["journal"] = journal == "" ? "in-memory" : journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "postgresql" : "sqlite",
                ["remote_workers"] = remoteWorkers,
                ["tls"] = tls is null ? "off" : "on",
            };
            foreach (var (key, value) in measured.Figures(trials)) result[key] = value;
            result["dispatch_latency_ms_p50"] = Math.Round(stats.LatencyP50Ms, 2);
            result["dispatch_latency_ms_p99"] = Math.Round(stats.LatencyP99Ms, 2);
            result["slot_utilization"] = Math.Round(stats.Utilization, 3);
            result["path"] = timings.Summary();
            // The dispatcher's latency and utilization count every search the node ran, the warm-up's too.
            result["warmup"] = warmup;
            // When the measured search ran (UTC), to place the witness's times.
            result["search_window"] = measured.Window;
            result["stalls"] = witness?.Report();
            result["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
            return result;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                worker.Dispose();
            }
            await host.StopAsync();
        }
    }

    /// <summary>The SQLite journal's directory, where the witness's fsync probe writes; the temporary directory otherwise.</summary>
    private static string JournalDirectory(string journal) =>
        journal == "" || journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
            ? Path.GetTempPath()
            : Path.GetDirectoryName(Path.GetFullPath(journal))!;

    /// <summary>One search's figures: completed trials, seconds from its recorded submission until its end is journaled, CPU and allocation meanwhile.</summary>
    private sealed record SearchRun(int Completed, double Seconds, double CpuMs, long Allocated, long JitMethods, double JitMs, string Window)
    {
        /// <summary>As the JSON line has them, for the warm-up and (at the top level) the measured search alike.</summary>
        public Dictionary<string, object?> Figures(int trials) => new()
        {
            ["trials"] = trials,
            ["completed"] = Completed,
            ["seconds"] = Math.Round(Seconds, 2),
            ["trials_per_second"] = Math.Round(trials / Seconds, 1),
            ["cpu_ms_per_trial"] = Math.Round(CpuMs / trials, 2),
            ["allocated_kb_per_trial"] = Math.Round(Allocated / 1024.0 / trials, 1),
            ["jit_methods"] = JitMethods,
            ["jit_ms"] = Math.Round(JitMs),
        };
    }

    private static async Task<SearchRun> RunSearchAsync(SearchCommands commands, string spec, JitLog? jitLog, string name)
    {
        jitLog?.Mark($"{name} search submitted");
        var clock = Stopwatch.StartNew();
        // CPU time of the whole process (all nodes): unlike wall time, barely moved by other work on a loaded machine.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        // What the JIT compiled meanwhile (tier-0 code, and the optimized code of methods that became hot).
        var jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var submitted = await commands.SubmitAsync(spec);
        if (!submitted.Accepted) throw new InvalidOperationException(string.Join("; ", submitted.Errors));
        // The summary alone (counts, no trials), so the poll costs the node next to nothing. The time runs from the
        // submission's time as the search records it (after the node's own first-use work: persistence, the index) to
        // the first answer that shows the search ended: answers wait until what they show is journaled, whereas the
        // search's recorded end time is decided before its events are stored (trials start while their writes are in
        // flight), so a search of no-op trials can end in memory well before its journal has caught up.
        SearchPage page;
        while ((page = (await commands.GetPageAsync(submitted.SearchId, TrialQuery.Summary))!).Search.IsRunning)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException("the search did not finish in 30 minutes");
            await Task.Delay(PollInterval(clock.Elapsed));
        }
        var stored = DateTimeOffset.UtcNow;
        var search = page.Search;
        jitLog?.Mark($"{name} search ended");
        return new SearchRun(page.Counts.Completed, (stored - search.SubmittedAt).TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds, GC.GetTotalAllocatedBytes() - allocatedBefore,
            System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore, (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds,
            $"{search.SubmittedAt.UtcDateTime:HH:mm:ss.fff}-{stored.UtcDateTime:HH:mm:ss.fff}");
    }

    /// <summary>Short polls while a no-op search may end any moment, so the clock stops within a few milliseconds of its end.</summary>
    private static TimeSpan PollInterval(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromSeconds(10) ? TimeSpan.FromMilliseconds(2) : TimeSpan.FromMilliseconds(100);

    /// <summary>Starts the worker nodes, joined to <paramref name="coordinator"/>, and waits until the dispatcher holds all their slots.</summary>
    private static async Task StartWorkersAsync(IHost coordinator, List<IHost> workers, int count, int slotsEach, ClusterTls? tls)
    {
        var seed = Akka.Cluster.Cluster.Get(coordinator.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
        for (var i = 0; i < count; i++)
        {
            var worker = NodeHost.Build(new NodeOptions
            {
                Roles = [CoordinatorHostingExtensions.WorkerRole], Port = 0, Slots = slotsEach, Gpus = "none", SeedNodes = [seed], LogLevel = LogLevel.Error, Tls = tls,
            });
            await worker.StartAsync();
            workers.Add(worker);
        }
        var dispatcher = await coordinator.Services.GetRequiredService<IRequiredActor<TrialDispatcherKey>>().GetAsync();
        var deadline = Stopwatch.StartNew();
        while ((await dispatcher.Ask<SlotList>(new GetSlots(), TimeSpan.FromSeconds(10))).Slots.Count < count * slotsEach)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the worker nodes did not register their slots in 2 minutes");
            await Task.Delay(200);
        }
    }

    private static string Spec(int trials, int slots, int trialMs) => trialMs == 0
        ? BraninSpec.Text("dispatch-overhead", trials, slots)
        : $$"""
            apiVersion: modelopt/v1
            name: dispatch-overhead
            seed: 1
            objective: {metric: accuracy, mode: max}
            space:
              lr: {type: float, low: 0.0001, high: 0.1, log: true}
            searcher: random
            budget: {maxTrials: {{trials}}, maxConcurrent: {{slots}}, maxEpochsPerTrial: 1}
            workload: {kind: curve, epochSeconds: {{trialMs / 1000.0}}}
            """;
}
