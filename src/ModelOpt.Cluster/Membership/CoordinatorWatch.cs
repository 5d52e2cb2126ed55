using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ModelOpt.Cluster.Membership;

/// <summary>
/// On a worker: a cluster with no reachable coordinator is useless (no dispatcher, no searches), yet it can last
/// forever, e.g. when the coordinator left or came back as a new cluster of its own (it was the first seed and heard
/// from no one in time). When this node is Up and has seen no reachable coordinator-role member for
/// <c>rejoinAfter</c>, it shuts its actor system down with <see cref="RejoinReason"/>: it leaves the cluster and the
/// host starts a new actor system that joins through the seeds (or bootstrap) again, where a coordinator now is.
/// </summary>
public sealed class CoordinatorWatch(string coordinatorRole, TimeSpan rejoinAfter) : RejoinWatch
{
    private DateTime? _absentSince;

    public static Props Props(string coordinatorRole, TimeSpan rejoinAfter) =>
        Akka.Actor.Props.Create(() => new CoordinatorWatch(coordinatorRole, rejoinAfter));

    protected override void Inspect()
    {
        var state = Cluster.State;
        var self = state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(Cluster.SelfUniqueAddress));
        if (self is null || self.Status != MemberStatus.Up)
        {
            _absentSince = null;
            return;
        }
        var coordinators = state.Members.Count(m => m.HasRole(coordinatorRole)
                                                    && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining or MemberStatus.Leaving
                                                    && !state.Unreachable.Contains(m));
        if (coordinators > 0)
        {
            if (_absentSince is not null) Log.Info("A coordinator is back in this node's cluster");
            _absentSince = null;
            return;
        }
        var now = DateTime.UtcNow;
        if (_absentSince is null)
        {
            _absentSince = now;
            Log.Warning("No reachable coordinator in this node's cluster; rejoining if none appears within {0}", rejoinAfter);
            return;
        }
        if (now - _absentSince < rejoinAfter) return;
        Log.Warning("No coordinator for {0}: leaving the cluster to join again through the seeds", rejoinAfter);
        Rejoin();
    }
}
