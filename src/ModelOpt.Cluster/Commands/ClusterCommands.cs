using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Commands;

/// <summary>
/// Worker slots, cluster membership and where the searches live, asked of the dispatcher singleton, the search shard region and Akka.Cluster: what the node's command
/// API calls. Nodes are named by full address (<c>akka.tcp://modelopt@host:4053</c>) or <c>host:port</c>.
/// </summary>
public sealed class ClusterCommands(ActorSystem system, IRequiredActor<TrialDispatcherKey> dispatcher,
    IRequiredActor<SearchRegionKey> searches)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShardStatsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Where the searches live: per coordinator, its shards and the search entities running in them.</summary>
    public async Task<IReadOnlyList<ShardHome>> ShardsAsync(CancellationToken cancellationToken = default)
    {
        var region = await searches.GetAsync(cancellationToken);
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(ShardStatsTimeout), AskTimeout, cancellationToken);
        return [.. stats.Regions
            .Select(r => new ShardHome(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum(), r.Value.Failed.Count))
            .OrderBy(h => h.Node, StringComparer.Ordinal)];
    }

    /// <summary>The dispatcher's figures: slots, placements, dispatch latency, utilization, how busy the singleton is.</summary>
    public async Task<DispatchStats> DispatchStatsAsync(CancellationToken cancellationToken = default)
    {
        var actor = await dispatcher.GetAsync(cancellationToken);
        return await actor.Ask<DispatchStats>(new GetDispatchStats(), AskTimeout, cancellationToken);
    }

    /// <summary>Every registered worker slot with its state and running trial.</summary>
    public async Task<IReadOnlyList<WorkerSlot>> WorkersAsync(CancellationToken cancellationToken = default)
    {
        var actor = await dispatcher.GetAsync(cancellationToken);
        var slots = (await actor.Ask<SlotList>(new GetSlots(), AskTimeout, cancellationToken)).Slots;
        return [.. slots.Select(s => new WorkerSlot(s.Node, s.Device, Status(s.State), s.Draining, s.SearchId, s.TrialId)
        {
            Gpu = s.Gpu is { } g ? new GpuInfo(g.Device, g.Name, g.UtilizationPercent, g.MemoryUsedBytes, g.MemoryTotalBytes, g.Trials) : null,
        })];
    }

    /// <summary>The dispatcher stops (or, with <paramref name="drain"/> false, resumes) placing trials on the node.</summary>
    public async Task<DrainResult> DrainAsync(string node, bool drain, CancellationToken cancellationToken = default)
    {
        var actor = await dispatcher.GetAsync(cancellationToken);
        var drained = await actor.Ask<NodeDrained>(new DrainNode(Find(node)?.ToString() ?? node, drain), AskTimeout, cancellationToken);
        return new DrainResult(drained.Node, drained.Draining, drained.Slots, drained.Running);
    }

    public ClusterInfo Members()
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .Select(m => new ClusterMember(m.Address.ToString(), SearchViews.Name(m.Status.ToString()), [.. m.Roles.Order()], !state.Unreachable.Contains(m))
            {
                Uid = m.UniqueAddress.Uid,
            })
            .OrderBy(m => m.Address, StringComparer.Ordinal)
            .ToList();
        return new ClusterInfo(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }

    /// <summary>Asks the member to leave gracefully; false if no member has this address.</summary>
    public bool Leave(string node)
    {
        if (Find(node) is not { } address) return false;
        Akka.Cluster.Cluster.Get(system).Leave(address);
        return true;
    }

    /// <summary>Marks the member down (for one that is unreachable); false if no member has this address.</summary>
    public bool Down(string node)
    {
        if (Find(node) is not { } address) return false;
        Akka.Cluster.Cluster.Get(system).Down(address);
        return true;
    }

    private static SlotStatus Status(SlotState state) => state switch
    {
        SlotState.Granted => SlotStatus.Granted,
        SlotState.Running => SlotStatus.Running,
        _ => SlotStatus.Free,
    };

    /// <summary>A member by its full address (<c>akka.tcp://modelopt@host:4053</c>) or by <c>host:port</c>.</summary>
    private Address? Find(string node) => Akka.Cluster.Cluster.Get(system).State.Members
        .FirstOrDefault(m => m.Address.ToString() == node || $"{m.Address.Host}:{m.Address.Port}" == node)?.Address;
}
