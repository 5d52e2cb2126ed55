using ModelOpt.Client.Models;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>
/// A join that never reached the leader, on separate network hosts. Seen in CI (MultiProcessTests, a worker killed
/// while the other was still joining): the late worker was welcomed by the worker that died before it gossiped the
/// join on, so the late worker saw the coordinator Up and reachable while the coordinator never heard of it; its shard
/// region's registration went unanswered and its trials' results stayed buffered, and the search never finished.
/// Here the coordinator is cut off from both workers while w2 joins, so only w1 can welcome it; w1 is then killed
/// before the heal. w2 must notice that its join went nowhere, join again, and run a search's trials to the end.
/// </summary>
[Trait("Category", "Faults")]
public sealed class LostJoinTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    [NamespaceFact]
    public async Task A_node_welcomed_by_a_member_that_died_before_passing_the_join_on_joins_again()
    {
        using var lab = NetworkLab.Create();
        // The resolver waits longer than w2 may take to start on a busy machine: w1's side of the cut must not down
        // itself (and w2 with it, which would rejoin by another way) before w1 is killed.
        await using var cluster = LabTopology.Create(lab, System.IO.Directory.CreateTempSubdirectory("mft-lostjoin-").FullName, workers: 2,
            new LabTopologyOptions { DownAfter = TimeSpan.FromSeconds(40) });
        cluster.KeepDirectory = true;
        var coordinator = cluster.Node(LabTopology.Coordinator);
        var w1 = cluster.Node(LabTopology.Worker(1));
        var w2 = cluster.Node(LabTopology.Worker(2));
        coordinator.Start();
        w1.Start();
        await WaitForMemberAsync(cluster, w1, "up");

        lab.Partition([coordinator.Spec.Host!], [w1.Spec.Host!, w2.Spec.Host!]);
        w2.Start();
        await Poll(() => w2.Tail(400).Contains("Welcome from"), "w2 was not welcomed by w1", cluster);
        w1.Kill();
        lab.Heal();

        // Without a rejoin the coordinator never lists w2 (it ignores gossip from a node it never heard of). Whether w2's
        // join watch or the gossip w1 sent before it died brings w2 in depends on timing, so only the outcome is asserted.
        await WaitForMemberAsync(cluster, w2, "weakly_up", "up");
        output.WriteLine(w2.Tail(2000).Contains("the leader never heard of this node") ? "w2 joined again through its join watch" : "w2 was known to the leader");
        var id = await cluster.SubmitAsync(FaultSpecs.Command("lostjoin", trials: 3, concurrent: 1, epochs: 1, epochSeconds: 1, cluster.Directory), Deadline);
        var done = await cluster.WaitForSearchAsync(id, s => !s.IsRunning, Deadline);
        output.WriteLine(string.Join(", ", done.Trials.Select(t => $"{t.TrialId}={t.Status} on {t.Node}")));
        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        cluster.KeepDirectory = false;
    }

    /// <summary>Until the coordinator lists <paramref name="node"/>'s address, reachable, in one of <paramref name="statuses"/>.</summary>
    private static Task WaitForMemberAsync(LabCluster cluster, LabNode node, params string[] statuses) => Poll(async () =>
    {
        var view = await cluster.Endpoint().TryAsync((c, ct) => c.ClusterAsync(ct));
        return view?.Members.Any(m => m.Address == node.Spec.AkkaAddress && m.Reachable && statuses.Contains(m.Status)) == true;
    }, $"the coordinator did not list {node.Name} as {string.Join(" or ", statuses)}", cluster);

    private static Task Poll(Func<bool> condition, string failure, LabCluster cluster) => Poll(() => Task.FromResult(condition()), failure, cluster);

    private static async Task Poll(Func<Task<bool>> condition, string failure, LabCluster cluster)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{failure} within {Deadline.TotalSeconds:0} s\n" + cluster.Diagnostics(80));
    }
}
