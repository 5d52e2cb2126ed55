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

    /// <summary>Asks the member to leave gracefully; false if no member has this address.</summary>
    bool Leave(string node);

    /// <summary>Marks the member down (for one that is unreachable); false if no member has this address.</summary>
    bool Down(string node);
}

/// <summary>Cluster membership as this node sees it.</summary>
public sealed record ClusterView(string Self, string? Leader, IReadOnlyList<ClusterMember> Members);

public sealed record ClusterMember(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable)
{
    /// <summary>
    /// The incarnation at <see cref="Address"/>: a node that restarts comes back with a new one, so an old incarnation the
    /// others still list (not yet found unreachable) is told apart from the restarted node. 0 from older nodes.
    /// </summary>
    public long Uid { get; init; }
}
