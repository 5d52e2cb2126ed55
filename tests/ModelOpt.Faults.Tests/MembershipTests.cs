using ModelOpt.Cluster.Searches;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Workloads;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ModelOpt.Faults.Tests;

/// <summary>Membership healing with real node processes on loopback (ports 20100-20199).</summary>
[Trait("Category", "Faults")]
public sealed class MembershipTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>
    /// The reproduction: the coordinator is the only seed (as deploy/local-cluster.sh and compose had it), it is
    /// killed with SIGKILL and restarted with the same journal. It forms a new cluster of its own; the workers, having
    /// downed the old coordinator, sit in a cluster without one. They must find their way to the new one by themselves.
    /// </summary>
    [Fact]
    public async Task Workers_rejoin_a_restarted_coordinator_that_was_the_only_seed()
    {
        await using var cluster = new LabCluster(System.IO.Directory.CreateTempSubdirectory("mft-membership-").FullName);
        var seeds = new[] { "akka.tcp://modelopt@127.0.0.1:20101" };
        var coordinator = cluster.Add(new NodeSpec("coordinator", "coordinator") { Port = 20101, CommandPort = 20110, Seeds = seeds, DownAfter = TimeSpan.FromSeconds(2) });
        cluster.Add(new NodeSpec("worker-1", "worker") { Port = 20102, Seeds = seeds, DownAfter = TimeSpan.FromSeconds(2) });
        cluster.Add(new NodeSpec("worker-2", "worker") { Port = 20103, Seeds = seeds, DownAfter = TimeSpan.FromSeconds(2) });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitForSlotsAsync(2, Deadline);

        var id = await cluster.SubmitAsync(FaultSpecs.Command("rejoin", trials: 8, concurrent: 2, epochs: 1, epochSeconds: 1, cluster.Directory), Deadline);
        await cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Phase == TrialPhase.Completed) >= 2, Deadline);
        coordinator.Kill();
        coordinator.Start();

        var done = await cluster.WaitForSearchAsync(id, s => s.Status != SearchStatus.Running, Deadline);
        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.All(done.Trials, t => Assert.Equal(TrialPhase.Completed, t.Phase));
        await cluster.WaitForSlotsAsync(2, Deadline);
        cluster.KeepDirectory = false;
    }
}
