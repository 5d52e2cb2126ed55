using ModelOpt.Client.Models;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests;

/// <summary>
/// The only coordinator downed while it runs a search (ports 20121-20122). Seen in CI under load: the resolver downed a
/// restarted coordinator together with the test's client (indirectly connected); the worker, left without a coordinator,
/// downed itself, and every node rejoined while none formed a cluster, so the search never finished. Here an operator's
/// down does the same deterministically. The downed coordinator, the first seed, must form the cluster again once every
/// other seed says it is in none (or join the one that is still there), and the search must finish from the journal.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class DownedCoordinatorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);
    private readonly NodeFleet _fleet = new("mopt-downed-");

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task A_downed_only_coordinator_brings_the_cluster_back_and_the_search_finishes()
    {
        int[] seeds = [20121, 20122];
        var coordinator = _fleet.Start("coordinator", 20121, seeds, journal: Path.Combine(_fleet.Directory, "journal.db"));
        _fleet.Start("worker", 20122, seeds, slots: 2);
        await using var client = await ClusterClient.JoinAsync(seeds);
        await client.WaitForSlotsAsync(2, Deadline, _fleet.Logs);

        // Each node the down takes with it loses its running attempts (the coordinator's, and the worker's when it downs
        // itself for want of a coordinator); each loss uses one of a trial's retries.
        var id = await client.SubmitAsync(CommandSpecs.Sleeping(trials: 6, concurrent: 2, seconds: 1, _fleet.Directory, retries: 4));
        var before = await client.WaitForAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline, _fleet.Logs);
        client.Down(20121);
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);

        Assert.Contains("joining the cluster again", coordinator.Log);
        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.Equal(6, done.Trials.Count);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        foreach (var earlier in before.Trials.Where(t => t.Status == TrialStatus.Completed))
            Assert.Equal(1, done.Trials.Single(t => t.TrialId == earlier.TrialId).Attempts);
    }
}
