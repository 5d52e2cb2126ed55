using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Hosting;

namespace ModelOpt.Cluster.Commands;

/// <summary><see cref="IClusterCommands"/> by asking the dispatcher singleton and Akka.Cluster's membership.</summary>
public sealed class ClusterCommands(ActorSystem system, IRequiredActor<TrialDispatcherKey> dispatcher, IRequiredActor<SearchRegionKey> searches) : IClusterCommands
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShardStatsTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<ShardHome>> ShardsAsync(CancellationToken cancellationToken = default)
    {
        var region = await searches.GetAsync(cancellationToken);
        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(ShardStatsTimeout), AskTimeout, cancellationToken);
        return [.. stats.Regions
            .Select(r => new ShardHome(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum(), r.Value.Failed.Count))
            .OrderBy(h => h.Node, StringComparer.Ordinal)];
    }

    public async Task<DispatchStats> DispatchStatsAsync(CancellationToken cancellationToken = default)
    {
        var actor = await dispatcher.GetAsync(cancellationToken);
        return await actor.Ask<DispatchStats>(new GetDispatchStats(), AskTimeout, cancellationToken);
    }

    public async Task<IReadOnlyList<SlotInfo>> WorkersAsync(CancellationToken cancellationToken = default)
    {
        var actor = await dispatcher.GetAsync(cancellationToken);
        return (await actor.Ask<SlotList>(new GetSlots(), AskTimeout, cancellationToken)).Slots;
    }

    public async Task<NodeDrained> DrainAsync(string node, bool drain, CancellationToken cancellationToken = default)
    {
        var actor = await dispatcher.GetAsync(cancellationToken);
        return await actor.Ask<NodeDrained>(new DrainNode(Find(node)?.ToString() ?? node, drain), AskTimeout, cancellationToken);
    }

    public ClusterView Members()
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .Select(m => new ClusterMember(m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order()], !state.Unreachable.Contains(m)))
            .OrderBy(m => m.Address, StringComparer.Ordinal)
            .ToList();
        return new ClusterView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }

    public bool Leave(string node)
    {
        if (Find(node) is not { } address) return false;
        Akka.Cluster.Cluster.Get(system).Leave(address);
        return true;
    }

    public bool Down(string node)
    {
        if (Find(node) is not { } address) return false;
        Akka.Cluster.Cluster.Get(system).Down(address);
        return true;
    }

    /// <summary>A member by its full address (<c>akka.tcp://modelopt@host:4053</c>) or by <c>host:port</c>.</summary>
    private Address? Find(string node) => Akka.Cluster.Cluster.Get(system).State.Members
        .FirstOrDefault(m => m.Address.ToString() == node || $"{m.Address.Host}:{m.Address.Port}" == node)?.Address;
}
