using Akka.Actor;
using Akka.Event;

namespace ModelOpt.Cluster.Membership;

/// <summary>
/// What <see cref="CoordinatorWatch"/> and <see cref="JoinWatch"/> share: a look at this node's cluster state every
/// second, and the way out when a look finds a state that lasted too long: the actor system shuts down with
/// <see cref="RejoinReason"/>, and the host starts a fresh one that joins through the seeds (or bootstrap) again.
/// </summary>
public abstract class RejoinWatch : ReceiveActor, IWithTimers
{
    private sealed record Check;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    protected RejoinWatch() => Receive<Check>(_ => Inspect());

    public ITimerScheduler Timers { get; set; } = null!;

    protected Akka.Cluster.Cluster Cluster { get; } = Akka.Cluster.Cluster.Get(Context.System);

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    protected override void PreStart() => Timers.StartPeriodicTimer("check", new Check(), CheckInterval);

    /// <summary>One look at the cluster state, every <see cref="CheckInterval"/>.</summary>
    protected abstract void Inspect();

    /// <summary>Stops watching, and leaves the cluster for the host to join again with a fresh actor system.</summary>
    protected void Rejoin()
    {
        Context.Stop(Self);
        CoordinatedShutdown.Get(Context.System).Run(RejoinReason.Instance);
    }
}
