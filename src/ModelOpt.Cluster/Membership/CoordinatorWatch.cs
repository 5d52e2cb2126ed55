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
public sealed class CoordinatorWatch : ReceiveActor, IWithTimers
{
    private sealed record Check;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _coordinatorRole;
    private readonly TimeSpan _rejoinAfter;
    private DateTime? _absentSince;
    private bool _leaving;

    public ITimerScheduler Timers { get; set; } = null!;

    public CoordinatorWatch(string coordinatorRole, TimeSpan rejoinAfter)
    {
        _coordinatorRole = coordinatorRole;
        _rejoinAfter = rejoinAfter;
        Receive<Check>(_ => Inspect());
    }

    public static Props Props(string coordinatorRole, TimeSpan rejoinAfter) =>
        Akka.Actor.Props.Create(() => new CoordinatorWatch(coordinatorRole, rejoinAfter));

    protected override void PreStart() => Timers.StartPeriodicTimer("check", new Check(), CheckInterval);

    private void Inspect()
    {
        if (_leaving) return;
        var state = _cluster.State;
        var self = state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(_cluster.SelfUniqueAddress));
        if (self is null || self.Status != MemberStatus.Up)
        {
            _absentSince = null;
            return;
        }
        var coordinators = state.Members.Count(m => m.HasRole(_coordinatorRole)
                                                    && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining or MemberStatus.Leaving
                                                    && !state.Unreachable.Contains(m));
        if (coordinators > 0)
        {
            if (_absentSince is not null) _log.Info("A coordinator is back in this node's cluster");
            _absentSince = null;
            return;
        }
        var now = DateTime.UtcNow;
        if (_absentSince is null)
        {
            _absentSince = now;
            _log.Warning("No reachable coordinator in this node's cluster; rejoining if none appears within {0}", _rejoinAfter);
            return;
        }
        if (now - _absentSince < _rejoinAfter) return;
        _leaving = true;
        _log.Warning("No coordinator for {0}: leaving the cluster to join again through the seeds", _rejoinAfter);
        CoordinatedShutdown.Get(Context.System).Run(RejoinReason.Instance);
    }
}
