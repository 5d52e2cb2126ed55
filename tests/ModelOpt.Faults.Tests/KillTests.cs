using ModelOpt.Client.Models;
using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>
/// Kills on separate network hosts, in the shipped topology (every node a seed, product defaults for failure
/// detection and downing): (a) the coordinator, (b) a worker, (f) the coordinator and a worker together, each
/// killed with SIGKILL mid-search and started again, each on its own search; the invariants are checked after each.
/// </summary>
[Trait("Category", "Faults")]
public sealed class KillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [NamespaceFact]
    public async Task Kills_of_the_coordinator_a_worker_or_both_lose_nothing_and_count_nothing_twice()
    {
        using var lab = NetworkLab.Create();
        await using var cluster = LabTopology.Create(lab, System.IO.Directory.CreateTempSubdirectory("mft-kills-").FullName, workers: 2,
            new LabTopologyOptions { Slots = 2 });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitUntilWholeAsync(Deadline);
        var coordinator = cluster.Node(LabTopology.Coordinator);
        var worker = cluster.Node(LabTopology.Worker(1));

        // (a) the coordinator, killed once two trials completed, started again at once (as its supervisor would)
        await Check("a", FaultSpecs.Command("kill-a", trials: 12, concurrent: 4, epochs: 2, epochSeconds: 1, Trials("a")), async id =>
        {
            await cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline);
            await cluster.KillAsync(coordinator);
            coordinator.Start();
        }, "a");

        // (b) a worker, killed while it runs trials, started again a few seconds later
        await Check("b", FaultSpecs.Command("kill-b", trials: 12, concurrent: 4, epochs: 2, epochSeconds: 1, Trials("b")), async id =>
        {
            await cluster.WaitForSearchAsync(id, s => s.Trials.Any(t => t.Status == TrialStatus.Running && t.Node == worker.Spec.AkkaAddress), Deadline);
            await cluster.KillAsync(worker);
            await Task.Delay(TimeSpan.FromSeconds(3));
            worker.Start();
        }, "b");

        // (f) the coordinator and a worker together
        await Check("f", FaultSpecs.Command("kill-f", trials: 12, concurrent: 4, epochs: 2, epochSeconds: 1, Trials("f")), async id =>
        {
            await cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline);
            await cluster.KillAsync(worker);
            await cluster.KillAsync(coordinator);
            coordinator.Start();
            worker.Start();
        }, "f");
        cluster.KeepDirectory = false;

        string Trials(string scenario) => Path.Combine(cluster.Directory, scenario);

        async Task Check(string scenario, string spec, Func<string, Task> faults, string directory)
        {
            var report = await FaultRun.RunAsync(cluster, spec, faults, Deadline, InvariantChecker.LedgerIn(Trials(directory)));
            output.WriteLine($"({scenario}) {report}");
            Assert.True(report.Passed, $"({scenario}) {report}");
            Assert.Equal(12, report.Completed);
            await cluster.WaitUntilWholeAsync(Deadline);
        }
    }
}
