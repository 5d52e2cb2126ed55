using System.Diagnostics;
using System.Net.Http.Json;
using ModelOpt.Benchmarks.Cluster.Fleet;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using SearchStatus = ModelOpt.Client.Models.SearchStatus;
using ModelOpt.Node.Commands;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Many searches over several coordinators, as processes on loopback: <c>--searches</c> searches of <c>--trials</c>
/// trials (<c>--concurrent</c> each) on <c>--coordinators</c> coordinator processes and <c>--workers</c> worker
/// processes. <c>--heavy N</c> of them have share 3, and one extra search of priority 10 arrives with them. Once a
/// fifth of the trials are done, one more coordinator joins (<c>--join</c>), and shards move to it (the result's
/// <c>rebalance_onto_joined</c>: shards/searches per coordinator before the join and 15 s after it, trials completed
/// per second around it); at half, once the newcomer holds shards, coordinator 2 leaves gracefully (<c>--leave</c>).
/// The shards per coordinator are polled every second; afterwards the journal tells how fairly slots were shared
/// (<see cref="Fairness"/>), whether every search ran all its trials exactly once, and how many attempts the moves
/// requeued. The dispatcher reports how busy the singleton was.
/// </summary>
public sealed class ManySearchesBenchmark : IBenchmark
{
    public string Name => "many-searches";
    public string Usage => "[--coordinators 2] [--join] [--leave] [--workers 2] [--slots 50] [--searches 100] [--trials 100] [--concurrent 4] [--heavy 10] [--trial-ms 300] [--journal <Host=… or sqlite file>] [--base-port 25300] [--dir <kept logs>]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var coordinators = args.Int("coordinators", 2);
        var join = args.Flag("join");
        var leave = args.Flag("leave");
        var workers = args.Int("workers", 2);
        var slots = args.Int("slots", 50);
        var searches = args.Int("searches", 100);
        var trials = args.Int("trials", 100);
        var concurrent = args.Int("concurrent", 4);
        var heavy = args.Int("heavy", 10);
        var trialMs = args.Int("trial-ms", 300);
        var journal = args.String("journal", Path.Combine(Path.GetTempPath(), $"many-searches-{Guid.NewGuid():N}.db"));
        var basePort = args.Int("base-port", 25300);
        if (coordinators < 1 || (leave && coordinators + (join ? 1 : 0) < 2) || searches < 1 || heavy > searches)
            throw new UsageException("--coordinators ≥ 1 (≥ 2 with --leave), --heavy ≤ --searches");

        await using var fleet = new NodeFleet(journal, basePort, keepIn: args.String("dir", "") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null);
        for (var c = 1; c <= coordinators; c++) fleet.StartCoordinator(c);
        for (var w = 1; w <= workers; w++) fleet.StartWorker(w, slots);
        await fleet.WaitForAsync(workers * slots, TimeSpan.FromMinutes(5));
        var cpuBefore = fleet.Nodes.ToDictionary(n => n.Name, n => n.CpuSeconds);

        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        var submitted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        const string urgent = "urgent";
        await Submit(fleet, urgent, FleetSpecs.Search(urgent, trials, concurrent * 4, trialMs, priority: 10), submitted);
        await Parallel.ForEachAsync(Enumerable.Range(1, searches), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var id = $"search-{i:D3}";
            var share = i <= heavy ? 3.0 : 1.0;
            lock (shares) shares[id] = share;
            await Submit(fleet, id, FleetSpecs.Search(id, trials, concurrent, trialMs, share: share), submitted);
        });

        var timeline = new List<object>();
        var total = (searches + 1) * trials;
        var joined = !join;
        var left = !leave;
        var finishedUrgentAt = 0.0;
        DateTimeOffset? joinedAt = null;
        IReadOnlyList<ShardHome> beforeJoin = [];
        IReadOnlyList<ShardHome>? afterRebalance = null;
        var unavailablePolls = 0;
        while (true)
        {
            List<SearchListing>? listing;
            int done;
            try
            {
                listing = await fleet.Http.GetFromJsonAsync<List<SearchListing>>(CommandRoutes.Searches, CommandJson.Responses);
                done = await DoneAsync(fleet, listing!, trials);
            }
            catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                // A search whose shard is moving to another coordinator answers 503 for a moment; counted, and polled again.
                unavailablePolls++;
                await Task.Delay(1000);
                continue;
            }
            var homes = await Shards(fleet);
            timeline.Add(new { t = Math.Round(clock.Elapsed.TotalSeconds, 1), done, shards = homes.ToDictionary(h => Short(h.Node), h => $"{h.Shards}/{h.Searches}") });
            if (finishedUrgentAt == 0 && listing!.Any(l => l.SearchId == urgent && l.Status != SearchStatus.Running)) finishedUrgentAt = clock.Elapsed.TotalSeconds;
            if (!joined) beforeJoin = homes;
            if (!joined && done >= total / 5)
            {
                fleet.StartCoordinator(coordinators + 1);
                joinedAt = DateTimeOffset.UtcNow;
                joined = true;
            }
            // The newcomer's share, once it holds shards and the rebalance rounds (every 2 s) have had time to finish.
            if (joinedAt is { } j && afterRebalance is null && DateTimeOffset.UtcNow - j > RebalanceSettled
                && homes.Any(h => Short(h.Node) == (basePort + coordinators + 1).ToString() && h.Shards > 0))
                afterRebalance = homes;
            if (!left && done >= total / 2 && (afterRebalance is not null || !join))
            {
                await fleet.Nodes.Single(n => n.Name == "coordinator-2").StopAsync(TimeSpan.FromSeconds(60));
                left = true;
            }
            if (listing!.Count(l => l.Status != SearchStatus.Running) >= searches + 1) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(60)) throw new TimeoutException($"the searches did not finish in an hour; logs in {fleet.Directory}");
            await Task.Delay(1000);
        }
        var wall = clock.Elapsed.TotalSeconds;
        // A coordinator that joined during the run counts from zero.
        var cpu = fleet.Nodes.ToDictionary(n => n.Name, n => Math.Round(n.CpuSeconds - cpuBefore.GetValueOrDefault(n.Name), 2));
        var stats = await fleet.Http.GetFromJsonAsync<DispatchStats>(CommandRoutes.DispatchStats, CommandJson.Responses);
        var attempts = await JournalHistory.ReadAsync(journal);
        var perSearch = attempts.GroupBy(a => a.SearchId).ToDictionary(g => g.Key, g => g.Count(a => a.Outcome == "completed"));
        var ends = attempts.Where(a => a.Ended is not null).GroupBy(a => a.SearchId).ToDictionary(g => g.Key, g => g.Max(a => a.Ended!.Value));
        var urgentEnd = ends.GetValueOrDefault(urgent);
        var othersEnd = ends.Where(e => e.Key != urgent).Select(e => e.Value).Order().ToList();
        var completed = perSearch.Values.Sum();
        return new
        {
            benchmark = Name,
            coordinators,
            joined = join,
            left = leave,
            workers,
            slots = workers * slots,
            searches,
            trials_per_search = trials,
            concurrent,
            heavy,
            trial_ms = trialMs,
            journal = journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "postgresql" : "sqlite",
            wall_seconds = Math.Round(wall, 1),
            completed,
            every_search_ran_all_its_trials = perSearch.Count == searches + 1 && perSearch.Values.All(c => c == trials),
            requeued_attempts = attempts.Count(a => a.Outcome == "requeued"),
            progress_polls_answered_unavailable = unavailablePolls,
            searches_with_requeues = attempts.Where(a => a.Outcome == "requeued").Select(a => a.SearchId).Distinct().Count(),
            trials_per_second = Math.Round(completed / wall, 1),
            urgent_finished_before_pct_of_others = othersEnd.Count == 0 ? 0 : Math.Round(100.0 * othersEnd.Count(e => e > urgentEnd) / othersEnd.Count, 1),
            fairness = Fairness.Of(attempts, shares, submitted),
            rebalance_onto_joined = joinedAt is not { } at ? null : new
            {
                joined_coordinator_port = basePort + coordinators + 1,
                shards_before_join = beforeJoin.ToDictionary(h => Short(h.Node), h => $"{h.Shards}/{h.Searches}"),
                shards_after_rebalance = afterRebalance?.ToDictionary(h => Short(h.Node), h => $"{h.Shards}/{h.Searches}"),
                completed_trials_per_second_10s_before_join = Rate(attempts, at - TimeSpan.FromSeconds(10), at),
                completed_trials_per_second_20s_after_join = Rate(attempts, at, at + TimeSpan.FromSeconds(20)),
            },
            dispatcher = new { stats!.Placements, stats.LatencyP50Ms, stats.LatencyP99Ms, utilization = Math.Round(stats.Utilization, 3), busy_fraction = Math.Round(stats.BusyFraction, 3), stats.Messages },
            coordinator_cpu_ms_per_trial = Math.Round(cpu.Where(c => c.Key.StartsWith("coordinator", StringComparison.Ordinal)).Sum(c => c.Value) * 1000 / Math.Max(1, completed), 3),
            cpu_seconds = cpu,
            shard_timeline = Thin(timeline, 40),
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
        };
    }

    private static async Task Submit(NodeFleet fleet, string id, string spec, Dictionary<string, DateTimeOffset> submitted)
    {
        var at = DateTimeOffset.UtcNow;
        var response = await fleet.Http.PostAsJsonAsync(CommandRoutes.Searches, new SubmitRequest(spec, id), CommandJson.Requests);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"submit {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        lock (submitted) submitted[id] = at;
    }

    /// <summary>Trials done over all searches, roughly: ended searches count whole, running ones from a sample of their summaries.</summary>
    private static async Task<int> DoneAsync(NodeFleet fleet, List<SearchListing> listing, int trials)
    {
        var running = listing.Where(l => l.Status == SearchStatus.Running).ToList();
        var sample = running.Take(20).ToList();
        var sampled = 0;
        var answered = 0;
        foreach (var search in sample)
        {
            using var timeout = new CancellationTokenSource(SummaryTimeout);
            try
            {
                var summary = await fleet.Http.GetFromJsonAsync<SearchPage>(CommandRoutes.Trials(search.SearchId, TrialQuery.Summary), CommandJson.Responses, timeout.Token);
                sampled += summary?.Counts.Done ?? 0;
                answered++;
            }
            catch (OperationCanceledException)
            {
                // Its shard is moving and it answers once restarted: left out of this sample, so the poll (and the
                // join and leave it times) does not wait for the move.
            }
        }
        var runningDone = answered == 0 ? 0 : sampled * running.Count / answered;
        return (listing.Count - running.Count) * trials + runningDone;
    }

    private static async Task<IReadOnlyList<ShardHome>> Shards(NodeFleet fleet)
    {
        try
        {
            return await fleet.Http.GetFromJsonAsync<List<ShardHome>>(CommandRoutes.Shards, CommandJson.Responses) ?? [];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    private static readonly TimeSpan SummaryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long after the join the shards per coordinator are taken as the rebalanced ones (Akka joins, then several 2 s rounds).</summary>
    private static readonly TimeSpan RebalanceSettled = TimeSpan.FromSeconds(15);

    private static double Rate(IReadOnlyList<Attempt> attempts, DateTimeOffset from, DateTimeOffset to) =>
        Math.Round(attempts.Count(a => a.Outcome == "completed" && a.Ended >= from && a.Ended < to) / (to - from).TotalSeconds, 1);

    private static string Short(string address) => address[(address.LastIndexOf(':') + 1)..];

    /// <summary>At most <paramref name="count"/> entries, evenly spaced, always keeping the last.</summary>
    private static IReadOnlyList<object> Thin(IReadOnlyList<object> entries, int count) =>
        entries.Count <= count ? entries : [.. Enumerable.Range(0, count).Select(i => entries[(int)((long)i * (entries.Count - 1) / (count - 1))])];
}
