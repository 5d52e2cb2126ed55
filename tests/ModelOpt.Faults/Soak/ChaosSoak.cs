using System.Diagnostics;
using ModelOpt.Client.Models;
using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Schedule;
using ModelOpt.Faults.Workloads;

namespace ModelOpt.Faults.Soak;

/// <summary>
/// The chaos soak: a coordinator and workers on separate network hosts run searches of short trials back to back
/// (command trials and simulated curves in turn) while a seeded random <see cref="FaultSchedule"/> kills and restarts
/// nodes, partitions and heals the network and adds latency and loss. When the schedule is over and at least
/// <see cref="ChaosSoakOptions.MinTrials"/> trials were submitted, the last searches finish, the network is calmed,
/// and every search is judged by the <see cref="InvariantChecker"/>. The benchmark and the CI test both run this.
/// </summary>
public static class ChaosSoak
{
    public static async Task<ChaosSoakResult> RunAsync(ChaosSoakOptions options, Action<string>? log = null)
    {
        var load = LoadAverage();
        var clock = Stopwatch.StartNew();
        using var lab = NetworkLab.Create(options.Lab);
        var directory = options.Directory ?? System.IO.Directory.CreateTempSubdirectory("mft-soak-").FullName;
        await using var cluster = LabTopology.Create(lab, directory, options.Workers, new LabTopologyOptions { Slots = options.Slots, Ports = options.Ports });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitUntilWholeAsync(options.Deadline);
        var formed = clock.Elapsed;

        var schedule = options.Schedule ?? FaultSchedule.Random(options.Seed, [.. cluster.Nodes.Select(n => n.Name)], options.Duration, options.Faults);
        log?.Invoke($"soak: schedule {schedule.ToJson()}");
        var nemesis = new Nemesis(cluster, lab, ct => cluster.WhyNotWholeAsync(ct), log);
        var searches = new List<(string Id, string? Ledger, SearchObserver Observer)>();
        using var stop = new CancellationTokenSource();
        var observing = new List<Task>();
        var submitted = 0;

        var faults = nemesis.RunAsync(schedule, options.Settle);
        try
        {
            // Two searches at a time, each as wide as the cluster: they share the slots, and one is always running.
            var running = new List<Task>();
            var index = 0;
            while (!faults.IsCompleted || submitted < options.MinTrials)
            {
                running.RemoveAll(t => t.IsCompleted);
                if (running.Count >= 2)
                {
                    await Task.WhenAny([.. running, Task.Delay(1000)]);
                    continue;
                }
                var (spec, ledger) = NextSpec(index++, options, cluster);
                var id = await cluster.SubmitAsync(spec, options.Deadline);
                submitted += options.TrialsPerSearch;
                var observer = new SearchObserver(id);
                observing.Add(observer.RunAsync(ct => cluster.Endpoint().TryAsync((c, t) => c.SearchAsync(id, t), ct), FaultRun.ObserveEvery, stop.Token));
                searches.Add((id, ledger, observer));
                running.Add(cluster.WaitForSearchAsync(id, s => !s.IsRunning, options.Deadline + options.Duration));
                log?.Invoke($"soak {clock.Elapsed.TotalSeconds,6:0.0}s: submitted {id} ({submitted} trials so far)");
            }
            await faults;
            nemesis.Calm();
            foreach (var node in cluster.Nodes.Where(n => !n.IsRunning)) node.Start();
            await Task.WhenAll(running);
        }
        finally
        {
            nemesis.Calm();
            await stop.CancelAsync();
            await Task.WhenAll(observing);
        }
        await cluster.WaitUntilWholeAsync(options.Deadline);

        var reports = new List<CheckReport>();
        foreach (var (id, ledger, observer) in searches)
        {
            var final = await cluster.Endpoint().SearchAsync(id);
            observer.Observe(final);
            reports.Add(InvariantChecker.Check(final, await JournalHistory.ReadAsync(cluster.Journal, id), observer, ledger));
        }
        var passed = reports.All(r => r.Passed);
        cluster.KeepDirectory = !passed || options.Directory is not null;
        return new ChaosSoakResult(
            Seed: schedule.Seed,
            Nodes: cluster.Nodes.Count,
            Slots: cluster.Nodes.Where(n => n.Spec.IsWorker).Sum(n => n.Spec.Slots),
            DurationS: Math.Round(clock.Elapsed.TotalSeconds, 1),
            ClusterFormedS: Math.Round(formed.TotalSeconds, 1),
            Searches: reports.Count,
            Trials: reports.Sum(r => r.Trials),
            Completed: reports.Sum(r => r.Completed),
            Failed: reports.Sum(r => r.Failed),
            Faults: nemesis.Applied.Count(a => !a.Fault.Repairs),
            Kills: nemesis.Applied.Count(a => a.Fault is Kill),
            Partitions: nemesis.Applied.Count(a => a.Fault is Partition),
            Requeued: reports.Sum(r => r.Requeued),
            Duplicates: reports.Sum(r => r.Duplicates),
            Lost: reports.Sum(r => r.Lost),
            Violations: [.. reports.SelectMany(r => r.Violations.Select(v => $"{r.SearchId}: {v}"))],
            Recoveries: [.. nemesis.Applied.Where(a => a.Fault.Repairs).Select(a => new Recovery(Nemesis.Describe(a.Fault),
                Math.Round(a.AppliedAt.TotalSeconds, 1), a.RecoveredAfter is { } r ? Math.Round(r.TotalSeconds, 1) : null,
                a.RecoveredAfter is null ? a.NotWholeBecause : null))],
            Schedule: schedule,
            LoadAverageBefore: load,
            LoadAverageAfter: LoadAverage(),
            Directory: cluster.KeepDirectory ? directory : null);
    }

    private static (string Spec, string? Ledger) NextSpec(int index, ChaosSoakOptions options, LabCluster cluster)
    {
        var slots = cluster.Nodes.Where(n => n.Spec.IsWorker).Sum(n => n.Spec.Slots);
        if (index % 2 == 1)
            return (FaultSpecs.Curve($"soak-{index}", options.TrialsPerSearch, slots, options.Epochs, options.EpochSeconds, seed: options.Seed + index), null);
        var directory = Path.Combine(cluster.Directory, $"search-{index}");
        return (FaultSpecs.Command($"soak-{index}", options.TrialsPerSearch, slots, options.Epochs, options.EpochSeconds, directory, seed: options.Seed + index),
            InvariantChecker.LedgerIn(directory));
    }

    /// <summary>The machine's 1-minute load average (/proc/loadavg), or null where there is none.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : null;
}

/// <summary>
/// <see cref="Duration"/>: how long faults are injected; searches of <see cref="TrialsPerSearch"/> trials of
/// <see cref="Epochs"/> × <see cref="EpochSeconds"/> keep coming until then and until <see cref="MinTrials"/> were
/// submitted. <see cref="Schedule"/> replays a printed schedule instead of drawing one from <see cref="Seed"/>.
/// A given <see cref="Directory"/> is kept (logs, journal); a temporary one only when the soak failed.
/// </summary>
public sealed record ChaosSoakOptions
{
    public int Seed { get; init; } = 42;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);
    public int MinTrials { get; init; } = 300;
    public int TrialsPerSearch { get; init; } = 60;
    public int Epochs { get; init; } = 2;
    public double EpochSeconds { get; init; } = 1;
    public int Workers { get; init; } = 3;
    public int Slots { get; init; } = 2;
    public FaultSchedule? Schedule { get; init; }
    public RandomScheduleOptions Faults { get; init; } = new();
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(60);
    public NetworkLabOptions Lab { get; init; } = new();
    public LabPorts Ports { get; init; } = new();
    public string? Directory { get; init; }
}

/// <summary>One repair and how long the cluster took to be whole again after it (null: not within the settle time).</summary>
public sealed record Recovery(string After, double AtS, double? RecoveredS, string? NotWholeBecause = null);

public sealed record ChaosSoakResult(
    int Seed, int Nodes, int Slots, double DurationS, double ClusterFormedS, int Searches, int Trials, int Completed, int Failed,
    int Faults, int Kills, int Partitions, int Requeued, int Duplicates, int Lost, IReadOnlyList<string> Violations,
    IReadOnlyList<Recovery> Recoveries, FaultSchedule Schedule, double? LoadAverageBefore, double? LoadAverageAfter, string? Directory)
{
    public bool Passed => Violations.Count == 0 && Duplicates == 0 && Lost == 0;
}
