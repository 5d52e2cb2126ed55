using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests;

/// <summary>
/// A node that no seed lets in starts a fresh actor system (ports 20141-20142). Seen in CI (Faults KillTests): a worker
/// restarted on its old address asked its seeds to let it in for 180 s while both logged that they acknowledged it; its
/// seeds still held a connection from its old incarnation that no remoting endpoint owned, and no acknowledgement
/// arrived. The join process only asks again and again; a fresh actor system closes every connection of the old one and
/// comes back as a new incarnation. Here the seed accepts connections and never answers, which leaves the join in the
/// same place; then a real coordinator takes the seed's port, and the worker, started afresh, joins it.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class JoinWatchTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly NodeFleet _fleet = new("mopt-joinwatch-");

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task A_node_that_no_seed_lets_in_joins_again_with_a_fresh_actor_system()
    {
        int[] seeds = [20141, 20142];
        var worker = _fleet.Start("worker", 20142, seeds, extraArguments: ["--rejoin-after", "3"]);
        using (FakeSeed.Silent(20141))
        {
            await _fleet.UntilAsync(() => worker.Log.Contains("joining the cluster again"), "the worker starts a fresh actor system", Deadline);
            Assert.Contains("No seed let this node in", worker.Log);
        }

        _fleet.Start("coordinator", 20141, seeds);
        await using var client = await ClusterClient.JoinAsync(seeds);
        await client.WaitForSlotsAsync(1, Deadline, _fleet.Logs);
    }
}
