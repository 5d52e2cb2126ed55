using ModelOpt.Client.Models;
using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>
/// Network faults on separate network hosts, with the product's defaults for failure detection (3 s) and downing
/// (10 s): (c) coordinator | workers for longer than the resolver waits, then healed; (d) one worker cut off, longer
/// than the resolver waits; (g) one worker cut off for less than that, so it keeps running its trials and reports
/// after the heal, when those attempts were already given up and run elsewhere; (e) a whole search over links with
/// 200 ms of latency each way and 5 % packet loss. Each on its own search; invariants after each.
/// </summary>
[Trait("Category", "Faults")]
public sealed class NetworkFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);

    /// <summary>Longer than failure detection (~3-5 s) plus the resolver's default wait (10 s), with room for a busy machine.</summary>
    private static readonly TimeSpan LongerThanTheResolver = TimeSpan.FromSeconds(25);

    [NamespaceFact]
    public async Task Partitions_heal_into_one_cluster_late_results_count_once_and_slow_lossy_links_lose_nothing()
    {
        using var lab = NetworkLab.Create();
        await using var cluster = LabTopology.Create(lab, System.IO.Directory.CreateTempSubdirectory("mft-network-").FullName, workers: 2,
            new LabTopologyOptions { Slots = 2 });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitUntilWholeAsync(Deadline);
        var coordinator = cluster.Node(LabTopology.Coordinator);
        var workers = cluster.Workers.ToList();
        LabHost Host(LabNode node) => node.Spec.Host!;

        // (c) coordinator | workers: the workers' side has no coordinator, so it downs itself and rejoins after the heal
        await Check("c", 12, async id =>
        {
            await cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline);
            lab.Partition([Host(coordinator)], workers.Select(Host));
            await Task.Delay(LongerThanTheResolver);
            lab.Heal();
        });
        Assert.True(workers.All(w => w.Tail(400).Contains("joining the cluster again")), "the workers were not downed and did not rejoin\n" + cluster.Diagnostics());

        // (d) one worker cut off: it is the minority (no coordinator on its side), downs itself, rejoins after the heal
        var cut = workers[1];
        await Check("d", 12, async id =>
        {
            await cluster.WaitForSearchAsync(id, s => s.Trials.Any(t => t.Status == TrialStatus.Running && t.Node == cut.Spec.AkkaAddress), Deadline);
            lab.Isolate(Host(cut));
            await Task.Delay(LongerThanTheResolver);
            lab.Heal();
        });

        // (g) a worker cut off for less than the resolver waits: its attempts are given up and placed elsewhere while it
        // finishes them; after the heal their results arrive and must not count (only the current attempt's result does)
        var away = workers[0];
        var g = await Check("g", 8, async id =>
        {
            var before = await cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Running && t.Node == away.Spec.AkkaAddress) >= 2, Deadline);
            var cutOff = before.Trials.Where(t => t.Status == TrialStatus.Running && t.Node == away.Spec.AkkaAddress)
                .Select(t => $"{t.TrialId} attempt-{t.Attempts}").ToHashSet();
            lab.Isolate(Host(away));
            // Healed once the cut-off attempts have run to their end (each writes its ledger line), not after a fixed
            // time: on a busy machine a worker may start an attempt seconds late. Capped below the resolver's wait.
            await UntilLedgerHas(Path.Combine(cluster.Directory, "g"), cutOff, TimeSpan.FromSeconds(10));
            lab.Heal();
        }, epochSeconds: 2.5);
        Assert.True(g.Requeued >= 1, $"(g) no attempt was given up while its worker was cut off: {g}");
        // Given-up attempts ran to their end while cut off (every run that ends writes the ledger): their results came
        // late, and the check above found each trial's result counted once, from its current attempt.
        var runs = File.ReadAllLines(InvariantChecker.LedgerIn(Path.Combine(cluster.Directory, "g"))).Length;
        Assert.True(runs > g.Completed, $"(g) {runs} trial runs ended for {g.Completed} trials: no late result to fence");

        // (e) a whole search over slow, lossy links
        cluster.SetLatency(TimeSpan.FromMilliseconds(200));
        lab.Loss(5);
        await Check("e", 12, _ => Task.CompletedTask);
        cluster.SetLatency(TimeSpan.Zero);
        lab.Loss(0);
        cluster.KeepDirectory = false;

        // Until the ledger has a line for each "trialId attempt-N" in attempts, or the cap has passed.
        static async Task UntilLedgerHas(string directory, IReadOnlySet<string> attempts, TimeSpan cap)
        {
            var ledger = InvariantChecker.LedgerIn(directory);
            var deadline = DateTime.UtcNow + cap;
            while (DateTime.UtcNow < deadline)
            {
                var ended = File.Exists(ledger)
                    ? File.ReadAllLines(ledger).Select(l => l.Split(' ')).Where(p => p.Length >= 5).Select(p => $"{p[1]} {p[4]}").ToHashSet()
                    : [];
                if (attempts.All(ended.Contains)) return;
                await Task.Delay(100);
            }
        }

        async Task<CheckReport> Check(string scenario, int trials, Func<string, Task> faults, double epochSeconds = 1)
        {
            var directory = Path.Combine(cluster.Directory, scenario);
            var spec = FaultSpecs.Command($"partition-{scenario}", trials, concurrent: 4, epochs: 2, epochSeconds, directory);
            var report = await FaultRun.RunAsync(cluster, spec, faults, Deadline, InvariantChecker.LedgerIn(directory));
            output.WriteLine($"({scenario}) {report}");
            Assert.True(report.Passed, $"({scenario}) {report}");
            Assert.Equal(trials, report.Completed);
            await cluster.WaitUntilWholeAsync(Deadline);
            return report;
        }
    }
}
