using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ModelOpt.Cluster.Membership;

/// <summary>
/// A node that joined through a member which died before gossiping the join on is a member only in its own view: it
/// got a welcome and the membership, so it sees the coordinator Up and reachable (heartbeats are answered to anyone),
/// but the leader never heard of it and ignores its gossip as coming from an unknown node. It never gets Up (at most
/// WeaklyUp, should it lead its own view for a moment), and the coordinator ignores its shard region's registration
/// (the region is not on an Up member), so the results of the trials it runs wait in that region for good. A leader
/// that knows a joining node gossips to it within seconds, and the node's state then shows that member among those
/// that have seen it. A node that is not Up yet and that no reachable member has seen for <c>limit</c> is unknown to
/// the cluster: it shuts its actor system down with <see cref="RejoinReason"/>, and the host starts a fresh one that
/// joins through the seeds again.
/// </summary>
public sealed class JoinWatch : ReceiveActor, IWithTimers
{
    private sealed record Check;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _limit;
    private DateTime? _unknownSince;

    public ITimerScheduler Timers { get; set; } = null!;

    public JoinWatch(TimeSpan limit)
    {
        _limit = limit;
        Receive<Check>(_ => Inspect());
    }

    public static Props Props(TimeSpan limit) => Akka.Actor.Props.Create(() => new JoinWatch(limit));

    protected override void PreStart() => Timers.StartPeriodicTimer("check", new Check(), CheckInterval);

    private void Inspect()
    {
        var status = _cluster.SelfMember.Status;
        if (status is not (MemberStatus.Joining or MemberStatus.WeaklyUp))
        {
            // Up or later: the cluster knows this node, and nothing more is to be watched here. Removed (before the
            // welcome): the seed-node process is still trying and retries by itself.
            if (status != MemberStatus.Removed) Context.Stop(Self);
            return;
        }
        var state = _cluster.State;
        var seenByAnother = state.SeenBy.Any(address => address != _cluster.SelfAddress
                                                        && state.Members.Any(m => m.Address == address && !state.Unreachable.Contains(m)));
        var now = DateTime.UtcNow;
        if (seenByAnother)
        {
            _unknownSince = null;
            return;
        }
        _unknownSince ??= now;
        if (now - _unknownSince < _limit) return;
        _log.Warning("Still joining after {0} and seen by no reachable member: the leader never heard of this node; leaving to join again through the seeds", _limit);
        Context.Stop(Self);
        CoordinatedShutdown.Get(Context.System).Run(RejoinReason.Instance);
    }
}
