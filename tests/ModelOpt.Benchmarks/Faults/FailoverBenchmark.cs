using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Soak;
using ModelOpt.Faults.Workloads;

namespace ModelOpt.Benchmarks.Faults;

/// <summary>
/// How fast the cluster fails over, on separate network hosts (a coordinator and two workers with two slots each,
/// every node a seed). Coordinator: <c>kill -9</c>, started again at once (as its supervisor would), until the first
/// trial is dispatched after the kill (the first <c>TrialStarted</c> the journal holds with a later time). Worker:
/// <c>kill -9</c> (not restarted during the measure) until every trial it ran has started again on another worker.
/// Times come from the journal's timestamps against the kill's, on the same clock. Targets (issue 13): both ≤ 10 s.
/// Needs root (network namespaces).
/// </summary>
public sealed class FailoverBenchmark : IBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public string Name => "failover";

    public string Usage => "[--rounds 3] [--down-after seconds] [--heartbeat-pause seconds] [--trial-seconds 3] [--dir DIR: keep logs and journal there]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        if (NetworkLab.Unavailable() is { } reason) throw new UsageException($"needs network namespaces: {reason}");
        var rounds = args.Int("rounds", 3);
        var downAfter = args.Int("down-after", 0);
        var heartbeatPause = args.Int("heartbeat-pause", 0);
        var loadBefore = ChaosSoak.LoadAverage();

        using var lab = NetworkLab.Create();
        var kept = args.String("dir", "") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;
        await using var cluster = LabTopology.Create(lab, kept ?? Directory.CreateTempSubdirectory("mft-failover-").FullName, workers: 2, new LabTopologyOptions
        {
            Slots = 2,
            DownAfter = downAfter > 0 ? TimeSpan.FromSeconds(downAfter) : null,
            Adjust = spec => heartbeatPause > 0 ? spec with { Arguments = [.. spec.Arguments, "--heartbeat-pause", $"{heartbeatPause}"] } : spec,
        });
        cluster.KeepDirectory = kept is not null;
        cluster.StartAll();
        await cluster.WaitUntilWholeAsync(Deadline);
        var directory = Path.Combine(cluster.Directory, "trials");
        var id = await cluster.SubmitAsync(FaultSpecs.Command("failover", trials: 1000, concurrent: 2, epochs: 1, args.Double("trial-seconds", 3), directory), Deadline);

        var coordinator = cluster.Node(LabTopology.Coordinator);
        var toDispatch = new List<double>();
        var toRerun = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await Steady(cluster, id);
            var killed = DateTimeOffset.UtcNow;
            await cluster.KillAsync(coordinator);
            coordinator.Start();
            toDispatch.Add(await FirstStartAfter(cluster, id, killed));
            Console.Error.WriteLine($"failover: coordinator round {round + 1}: {toDispatch[^1]:0.0} s to the first dispatch");
            await cluster.WaitUntilWholeAsync(Deadline);

            var snapshot = await Steady(cluster, id);
            var worker = cluster.Workers.First(w => snapshot.Trials.Any(t => t.Status == TrialStatus.Running && t.Node == w.Spec.AkkaAddress));
            var victims = snapshot.Trials.Where(t => t.Status == TrialStatus.Running && t.Node == worker.Spec.AkkaAddress).ToDictionary(t => t.TrialId, t => t.Attempts);
            killed = DateTimeOffset.UtcNow;
            await cluster.KillAsync(worker);
            toRerun.Add(await AllRestartedElsewhere(cluster, id, victims, worker.Spec.AkkaAddress, killed));
            Console.Error.WriteLine($"failover: worker round {round + 1}: {toRerun[^1]:0.0} s until its {victims.Count} trial(s) ran elsewhere");
            worker.Start();
            await cluster.WaitUntilWholeAsync(Deadline);
        }
        return new
        {
            benchmark = Name,
            rounds,
            down_after_s = downAfter > 0 ? downAfter : 10,
            heartbeat_pause_s = heartbeatPause > 0 ? heartbeatPause : 3,
            coordinator_kill_to_dispatch_s = toDispatch.Select(Round).ToList(),
            coordinator_median_s = Round(Median(toDispatch)),
            worker_kill_to_rerun_s = toRerun.Select(Round).ToList(),
            worker_median_s = Round(Median(toRerun)),
            load_average_before = loadBefore,
            load_average_after = ChaosSoak.LoadAverage(),
            cores = Environment.ProcessorCount,
        };
    }

    /// <summary>Waits until two trials run (the search is under way) and returns that view.</summary>
    private static Task<SearchInfo> Steady(LabCluster cluster, string id) =>
        cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Running) >= 2, Deadline);

    private static async Task<double> FirstStartAfter(LabCluster cluster, string id, DateTimeOffset killed)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var started = (await JournalHistory.ReadAsync(cluster.Journal, id)).Events.OfType<TrialStarted>().Where(s => s.StartedAt > killed).Select(s => s.StartedAt).ToList();
            if (started.Count > 0) return (started.Min() - killed).TotalSeconds;
            await Task.Delay(200);
        }
        throw new TimeoutException($"no trial started within {Deadline} of the coordinator's kill\n{cluster.Diagnostics()}");
    }

    private static async Task<double> AllRestartedElsewhere(LabCluster cluster, string id, IReadOnlyDictionary<string, int> victims, string node, DateTimeOffset killed)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var restarts = (await JournalHistory.ReadAsync(cluster.Journal, id)).Events.OfType<TrialStarted>()
                .Where(s => victims.TryGetValue(s.TrialId, out var attempt) && s.Attempt > attempt && s.Node != node)
                .GroupBy(s => s.TrialId).ToDictionary(g => g.Key, g => g.Min(s => s.StartedAt));
            if (restarts.Count == victims.Count) return (restarts.Values.Max() - killed).TotalSeconds;
            await Task.Delay(200);
        }
        throw new TimeoutException($"the killed worker's trials did not run elsewhere within {Deadline}\n{cluster.Diagnostics()}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Round(double value) => Math.Round(value, 2);
}
