using Akka.Actor;

namespace ModelOpt.Cluster.Membership;

/// <summary>
/// Why a node's actor system stopped so that the host starts a fresh one that joins the cluster again: the node was
/// downed (by the split brain resolver or an operator) or removed, it was in a cluster with no coordinator for too
/// long (<see cref="CoordinatorWatch"/>), or its join went nowhere (<see cref="JoinWatch"/>). A stop for any other reason (SIGTERM, <c>cluster leave</c>) is final.
/// </summary>
public sealed class RejoinReason : CoordinatedShutdown.Reason
{
    public static readonly RejoinReason Instance = new();

    private RejoinReason()
    {
    }

    /// <summary>EX_TEMPFAIL: should the process exit for it, a supervisor should start it again.</summary>
    public override int ExitCode => 75;

    public override string ToString() => "no coordinator in this node's cluster, or its join went nowhere";

    /// <summary>Whether an actor system that stopped for <paramref name="reason"/> should be replaced by one that rejoins.</summary>
    public static bool CallsForRejoin(CoordinatedShutdown.Reason? reason) =>
        reason is RejoinReason or CoordinatedShutdown.ClusterDowningReason;
}
