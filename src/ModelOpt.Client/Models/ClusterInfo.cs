namespace ModelOpt.Client.Models;

/// <summary>Cluster membership as the answering node sees it: its own address, the leader's, and every member.</summary>
public sealed record ClusterInfo(string Self, string? Leader, IReadOnlyList<ClusterMember> Members);

/// <summary>
/// A member by full address; <paramref name="Status"/> is Akka's member status in lower case (<c>joining</c>,
/// <c>weakly_up</c>, <c>up</c>, <c>leaving</c>, <c>exiting</c>, <c>down</c>, <c>removed</c>).
/// </summary>
public sealed record ClusterMember(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable)
{
    /// <summary>
    /// The incarnation at <see cref="Address"/>: a node that restarts comes back with a new one, so an old incarnation the
    /// others still list (not yet found unreachable) is told apart from the restarted node. 0 from older nodes.
    /// </summary>
    public long Uid { get; init; }
}
