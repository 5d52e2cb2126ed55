using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ModelOpt.Cluster.Membership;

/// <summary>
/// Watches a node until the cluster knows it (Up), and makes it join again with a fresh actor system
/// (<see cref="RejoinReason"/>) when its join went nowhere for <c>limit</c>:
/// <list type="bullet">
/// <item>No seed let it in: it is not a member in its own view either (no welcome), while its join process keeps asking.
/// Seen in CI (KillTests): a worker restarted on the same address asked for 180 s while both seeds logged that they
/// acknowledged it; no acknowledgement arrived. On the seeds, the remoting endpoint of the worker's old incarnation was
/// stopped while its reconnection to the new incarnation was completing, and that connection's handle went to dead
/// letters, so a connection no endpoint owned was left between them. The join process cannot repair remoting; a fresh
/// actor system closes every connection of the old one and comes back with a new incarnation, which the seeds
/// associate with from scratch.</item>
/// <item>It was welcomed by a member that died before gossiping the join on: it is a member only in its own view. It
/// got the membership, so it sees the coordinator Up and reachable (heartbeats are answered to anyone), but the leader
/// never heard of it and ignores its gossip as coming from an unknown node. It never gets Up (at most WeaklyUp, should
/// it lead its own view for a moment), and the coordinator ignores its shard region's registration (the region is not
/// on an Up member), so the results of the trials it runs wait in that region for good. A leader that knows a joining
/// node gossips to it within seconds, and the node's state then shows that member among those that have seen it.</item>
/// </list>
/// Either way the host starts a fresh actor system that joins through the seeds again. A node that is not a member has
/// no trials, so a rejoin costs it nothing; where no seed is up at all, it only starts its actor system again now and
/// then while it waits.
/// </summary>
public sealed class JoinWatch(TimeSpan limit, bool watchesUnwelcomed) : RejoinWatch
{
    private DateTime? _unknownSince;

    /// <param name="watchesUnwelcomed">Whether a node that no seed let in rejoins too: for seed-node joins, not where cluster
    /// bootstrap forms the cluster (it may wait longer for its contact points, and a restart would start it over).</param>
    public static Props Props(TimeSpan limit, bool watchesUnwelcomed) => Akka.Actor.Props.Create(() => new JoinWatch(limit, watchesUnwelcomed));

    protected override void Inspect()
    {
        var status = Cluster.SelfMember.Status;
        if (status is not (MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Removed))
        {
            // Up or later: the cluster knows this node, and nothing more is to be watched here.
            Context.Stop(Self);
            return;
        }
        // Removed: not welcomed yet (this watch stopped before any later removal, which shuts the node down anyway).
        var welcomed = status != MemberStatus.Removed;
        if (!welcomed && !watchesUnwelcomed) return;
        var state = Cluster.State;
        var seenByAnother = welcomed && state.SeenBy.Any(address => address != Cluster.SelfAddress
                                                                    && state.Members.Any(m => m.Address == address && !state.Unreachable.Contains(m)));
        var now = DateTime.UtcNow;
        if (seenByAnother)
        {
            _unknownSince = null;
            return;
        }
        _unknownSince ??= now;
        if (now - _unknownSince < limit) return;
        if (welcomed)
            Log.Warning("Still joining after {0} and seen by no reachable member: the leader never heard of this node; leaving to join again through the seeds", limit);
        else
            Log.Warning("No seed let this node in within {0}: starting a fresh actor system to join again through the seeds", limit);
        Rejoin();
    }
}
