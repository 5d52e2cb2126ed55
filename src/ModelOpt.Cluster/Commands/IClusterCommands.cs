using ModelOpt.Cluster.Dispatch;

namespace ModelOpt.Cluster.Commands;

/// <summary>What users can do with worker slots and cluster membership; the HTTP endpoint sits on this.</summary>
public interface IClusterCommands
{
    /// <summary>Every registered worker slot with its state and running trial.</summary>
    Task<IReadOnlyList<SlotInfo>> WorkersAsync(CancellationToken cancellationToken = default);

    /// <summary>Nodes are named by full address (<c>akka.tcp://modelopt@host:4053</c>) or <c>host:port</c>.</summary>
    /// <remarks>The dispatcher stops (or, with <paramref name="drain"/> false, resumes) placing trials on the node.</remarks>
    Task<NodeDrained> DrainAsync(string node, bool drain, CancellationToken cancellationToken = default);

    ClusterView Members();

    /// <summary>Where the searches live: per coordinator, its shards and the search entities running in them.</summary>
    Task<IReadOnlyList<ShardHome>> ShardsAsync(CancellationToken cancellationToken = default);

    /// <summary>The dispatcher's figures: slots, placements, dispatch latency, utilization, how busy the singleton is.</summary>
    Task<DispatchStats> DispatchStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Asks the member to leave gracefully; false if no member has this address.</summary>
    bool Leave(string node);

    /// <summary>Marks the member down (for one that is unreachable); false if no member has this address.</summary>
    bool Down(string node);
}

/// <summary>Cluster membership as this node sees it.</summary>
public sealed record ClusterView(string Self, string? Leader, IReadOnlyList<ClusterMember> Members);

public sealed record ClusterMember(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

/// <summary>
/// One coordinator's part of the searches: <paramref name="Shards"/> shards holding <paramref name="Searches"/> active
/// search entities; <paramref name="Unanswered"/> shards did not answer in time (moving, or their node is failing).
/// </summary>
public sealed record ShardHome(string Node, int Shards, int Searches, int Unanswered);
