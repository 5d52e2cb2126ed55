using ModelOpt.Client.Models;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests;

/// <summary>
/// Real node processes on localhost (ports 25901-25904): two coordinators on one SQLite journal, a worker of six slots,
/// six searches; a third coordinator joins while they run. About 40-60 s (three coordinators start, two rebalance rounds).
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class ShardRebalanceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly NodeFleet _fleet = new("mopt-rebalance-");

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task Searches_move_onto_a_coordinator_that_joins_and_all_finish_every_trial_once()
    {
        const int searches = 6, trials = 20;
        int[] seeds = [25901, 25902];
        var journal = Path.Combine(_fleet.Directory, "journal.db");
        _fleet.Start("coordinator", 25901, seeds, journal: journal);
        _fleet.Start("coordinator", 25902, seeds, journal: journal);
        _fleet.Start("worker", 25904, seeds, slots: searches);
        await using var client = await ClusterClient.JoinAsync(seeds);
        await client.WaitForSlotsAsync(searches, Deadline, _fleet.Logs);
        var ids = new List<string>();
        for (var i = 0; i < searches; i++)
            ids.Add(await client.SubmitAsync(CommandSpecs.Sleeping(trials, concurrent: 1, seconds: 1, _fleet.Directory)));
        var before = await client.WaitForShardsAsync(h => h.Sum(x => x.Searches) == searches, Deadline, _fleet.Logs);
        Assert.DoesNotContain(before, h => h.Node.EndsWith(":25903"));

        _fleet.Start("coordinator", 25903, seeds, journal: journal);
        // Every search running again somewhere, some of them on the newcomer: they moved while they ran.
        await client.WaitForShardsAsync(h => h.Any(x => x.Node.EndsWith(":25903") && x.Searches > 0) && h.Sum(x => x.Searches) == searches,
            Deadline, _fleet.Logs);

        foreach (var id in ids)
        {
            var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);
            Assert.Equal(SearchStatus.Finished, done.Status);
            Assert.Equal(trials, done.Trials.Count);
            Assert.Equal(trials, done.Trials.Select(t => t.TrialId).Distinct().Count());
            Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        }
    }
}
