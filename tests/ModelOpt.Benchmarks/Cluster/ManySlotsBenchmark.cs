using System.Diagnostics;
using System.Net.Http.Json;
using ModelOpt.Benchmarks.Cluster.Fleet;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Faults.Lab;
using SearchStatus = ModelOpt.Client.Models.SearchStatus;
using ModelOpt.Node.Commands;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Many slots across hosts: one coordinator process and <c>--workers</c> worker processes of <c>--slots</c> slots each
/// (1,000 slots over 8 processes by default), on loopback or, with <c>--hosts</c>, each process on a network host of
/// its own (a Linux network namespace with its own address on a shared bridge, as the fault tests use), running <c>--searches</c> searches of no-op (or
/// <c>--trial-ms</c>) trials through the real remoting, dispatcher and journal. Reports completions per second over the
/// busiest stretch (10th to 90th percentile of the journaled completion times) and over the whole run, the
/// dispatcher's figures, and each process's CPU seconds and resident memory, so the coordinator's cost per trial is
/// known apart from the workers'.
/// </summary>
public sealed class ManySlotsBenchmark : IBenchmark
{
    public string Name => "many-slots";
    public string Usage => "[--workers 8] [--slots 125] [--searches 4] [--trials 40000] [--trial-ms 0] [--journal <sqlite file or Host=…>] [--base-port 25200] [--hosts]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var workers = args.Int("workers", 8);
        var slots = args.Int("slots", 125);
        var searches = args.Int("searches", 4);
        var trials = args.Int("trials", 40_000);
        var trialMs = args.Int("trial-ms", 0);
        var journal = args.String("journal", Path.Combine(Path.GetTempPath(), $"many-slots-{Guid.NewGuid():N}.db"));
        var basePort = args.Int("base-port", 25200);
        if (workers < 1 || slots < 1 || searches < 1 || trials < searches) throw new UsageException("--workers, --slots and --searches must be at least 1, --trials at least --searches");
        var totalSlots = workers * slots;
        var hosts = args.Flag("hosts");
        if (hosts && NetworkLab.Unavailable() is { } reason) throw new UsageException($"--hosts: {reason}");
        // A PostgreSQL journal must be reachable from every host: through its Unix socket directory (Host=/path).
        if (hosts && journal.Contains("Host=127.", StringComparison.OrdinalIgnoreCase))
            throw new UsageException("--hosts: the nodes cannot reach a PostgreSQL server on this machine's loopback; give its Unix socket directory (Host=/path/to/dir)");

        using var lab = hosts ? NetworkLab.Create(new NetworkLabOptions(Prefix: "mslots", Network: "10.233")) : null;
        await using var fleet = new NodeFleet(journal, basePort, lab: lab);
        var coordinator = fleet.StartCoordinator(1);
        for (var i = 1; i <= workers; i++) fleet.StartWorker(i, slots);
        await fleet.WaitForAsync(totalSlots, TimeSpan.FromMinutes(5));

        var cpuBefore = fleet.Nodes.ToDictionary(n => n.Name, n => n.CpuSeconds);
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var s = 0; s < searches; s++)
        {
            var id = $"many-slots-{s + 1}";
            var response = await fleet.Http.PostAsJsonAsync(CommandRoutes.Searches,
                new SubmitRequest(FleetSpecs.Search("many-slots", trials / searches, totalSlots, trialMs), id), CommandJson.Requests);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"submit {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            ids.Add(id);
        }
        var peakRss = fleet.Nodes.ToDictionary(n => n.Name, n => n.RssMb);
        while (true)
        {
            var listing = await fleet.Http.GetFromJsonAsync<List<SearchListing>>(CommandRoutes.Searches, CommandJson.Responses);
            foreach (var node in fleet.Nodes) peakRss[node.Name] = Math.Max(peakRss[node.Name], node.RssMb);
            if (ids.All(id => listing!.Any(l => l.SearchId == id && l.Status != SearchStatus.Running))) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(60)) throw new TimeoutException("the searches did not finish in an hour");
            await Task.Delay(1000);
        }
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = fleet.Nodes.ToDictionary(n => n.Name, n => Math.Round(n.CpuSeconds - cpuBefore[n.Name], 2));
        var stats = await fleet.Http.GetFromJsonAsync<DispatchStats>(CommandRoutes.DispatchStats, CommandJson.Responses);
        var attempts = await JournalHistory.ReadAsync(journal);
        var completed = attempts.Count(a => a.Outcome == "completed");
        var starts = attempts.Select(a => a.Started).DefaultIfEmpty().Min();
        var ends = attempts.Where(a => a.Ended is not null).Select(a => a.Ended!.Value).DefaultIfEmpty().Max();
        var workerCpu = cpu.Where(c => c.Key.StartsWith("worker", StringComparison.Ordinal)).Sum(c => c.Value);
        return new
        {
            benchmark = Name,
            workers,
            slots_per_worker = slots,
            slots = totalSlots,
            network = hosts ? "a network host per process" : "loopback",
            searches,
            trials,
            trial_ms = trialMs,
            journal = journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "postgresql" : "sqlite",
            completed,
            requeued = attempts.Count(a => a.Outcome == "requeued"),
            trials_per_second_sustained = JournalHistory.SustainedPerSecond(attempts),
            trials_per_second_whole = Math.Round(completed / Math.Max(0.001, (ends - starts).TotalSeconds), 1),
            wall_seconds = Math.Round(wall, 1),
            dispatch_latency_ms_p50 = stats!.LatencyP50Ms,
            dispatch_latency_ms_p99 = stats.LatencyP99Ms,
            slot_utilization = Math.Round(stats.Utilization, 3),
            dispatcher_busy_fraction = Math.Round(stats.BusyFraction, 3),
            coordinator_cpu_ms_per_trial = Math.Round(cpu[coordinator.Name] * 1000 / Math.Max(1, completed), 3),
            workers_cpu_ms_per_trial = Math.Round(workerCpu * 1000 / Math.Max(1, completed), 3),
            cpu_seconds = cpu,
            peak_rss_mb = peakRss,
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
        };
    }
}
