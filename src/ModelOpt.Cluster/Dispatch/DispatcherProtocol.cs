using Akka.Actor;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Dispatch;

/// <summary>One place a trial can run: a device on a worker node.</summary>
public sealed record SlotId(string Node, string Device)
{
    public override string ToString() => $"{Node}/{Device}";
}

/// <summary>
/// Everything a worker needs to run one attempt of a trial. After a PBT exploit, <paramref name="InitFromTrial"/> names
/// the trial whose checkpoint the attempt starts from, having done <paramref name="StartEpoch"/> epochs.
/// </summary>
public sealed record TrialAssignment(
    string SearchId, string TrialId, int Attempt, string SpecText, Config Config, ulong Seed, string? InitFromTrial = null, int StartEpoch = 0)
    : IModelOptMessage
{
    /// <summary>The W3C <c>traceparent</c> of the coordinator's trial span; the worker's run span is its child. Null when not traced.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Fences the attempt: the search may send a start before it is journaled, and a coordinator that dies first comes
    /// back not knowing it, maybe to start the same trial and attempt number again. Every message about the attempt
    /// carries this token, and the search takes only those whose token is the one it journaled with the start. Null
    /// from an older coordinator.
    /// </summary>
    public string? Token { get; init; }
}

/// <summary>An attempt a worker is running, reported when it (re-)registers.</summary>
public sealed record RunningAttempt(string Device, string SearchId, string TrialId, int Attempt) : IModelOptMessage;

/// <summary>A worker offers its devices; <paramref name="Busy"/> lists attempts still running from before (the dispatcher moved).</summary>
public sealed record RegisterWorker(IActorRef Worker, string Node, IReadOnlyList<string> Devices, IReadOnlyList<RunningAttempt> Busy) : IModelOptMessage;

public sealed record WorkerRegistered(string Node) : IModelOptMessage;

/// <summary>
/// Sent by a registered worker every few seconds: the attempts it really runs. An attempt the dispatcher placed on
/// that node which the worker does not list (its RunTrial or SlotFreed was lost on the way) is reported lost.
/// </summary>
public sealed record WorkerHeartbeat(string Node, IReadOnlyList<RunningAttempt> Running) : IModelOptMessage
{
    /// <summary>The worker's GPUs as last sampled; null from a worker without GPUs (or an older one).</summary>
    public IReadOnlyList<GpuStatus>? Gpus { get; init; }
}

/// <summary>
/// A search wants <paramref name="Wanted"/> more slots, having received <paramref name="GrantsSeen"/> grants so far;
/// grants sent but not yet seen count against the demand, so a search never gets more than it asked for.
/// </summary>
public sealed record SlotDemand(string SearchId, int Wanted, long GrantsSeen) : IModelOptMessage
{
    /// <summary>The spec's <c>budget.priority</c>: higher is served first.</summary>
    public int Priority { get; init; }

    /// <summary>The spec's <c>budget.share</c>: slots are divided in proportion among searches of one priority.</summary>
    public double Share { get; init; } = 1;

    /// <summary>
    /// Which run of the search's entity sent it. A search restarted on another coordinator counts the grants it has seen
    /// from zero again; the dispatcher then counts the grants sent to it from there too (null: an older node).
    /// </summary>
    public string? Incarnation { get; init; }
}

/// <summary>A granted slot the search has no trial for.</summary>
public sealed record ReleaseSlot(string SearchId, SlotId Slot) : IModelOptMessage;

/// <summary>Start an attempt on a granted slot (the dispatcher forwards it to the slot's worker as <see cref="RunTrial"/>).</summary>
public sealed record StartTrial(SlotId Slot, TrialAssignment Trial) : IModelOptMessage;

/// <summary>Worker side of <see cref="StartTrial"/>.</summary>
public sealed record RunTrial(string Device, TrialAssignment Trial) : IModelOptMessage
{
    /// <summary>Whether the worker may keep the slot for the same search when the attempt ends (see <see cref="HeldSlot"/>).</summary>
    public bool MayHold { get; init; }
}

/// <summary>Stop an attempt wherever it runs; ignored if it is not running.</summary>
public sealed record StopTrial(string SearchId, string TrialId, int Attempt, string Reason) : IModelOptMessage
{
    /// <summary>The attempt's <see cref="TrialAssignment.Token"/>: only the attempt started with it stops. Null: any attempt of that number.</summary>
    public string? Token { get; init; }

    /// <summary>Whether an attempt started with <paramref name="token"/> may be this stop's: a side without a token (an older node's) fits any.</summary>
    public bool FitsToken(string? token) => Token is null || token is null || Token == token;

    /// <summary>Whether this stop is for <paramref name="running"/>: the same attempt of the same trial, with a token that fits.</summary>
    public bool Stops(TrialAssignment? running) =>
        running is not null && running.SearchId == SearchId && running.TrialId == TrialId && running.Attempt == Attempt && FitsToken(running.Token);
}

/// <summary>
/// Sent by a search every few seconds with the attempts it believes are running. The dispatcher answers each one that
/// no registered slot runs, and that did not just end, with a lost <see cref="Searches.TrialAttemptFailed"/>: a
/// message lost on the way (a result, a start) never leaves a trial running forever.
/// </summary>
public sealed record CheckRunningAttempts(string SearchId, IReadOnlyList<AttemptRef> Attempts) : IModelOptMessage;

/// <summary>One attempt of a trial of the search that sends it.</summary>
public sealed record AttemptRef(string TrialId, int Attempt);

/// <summary>A worker's slot is free again (the attempt ended or its stop landed).</summary>
public sealed record SlotFreed(SlotId Slot, string SearchId, string TrialId, int Attempt) : IModelOptMessage
{
    /// <summary>How long the slot was held for its search after the attempt ended: the slot has been idle since then.</summary>
    public double HeldForMs { get; init; }
}

public sealed record GetDispatchStats : IModelOptMessage;

/// <summary>
/// <paramref name="LatencyP50Ms"/>/<paramref name="LatencyP99Ms"/>: slot freed → next trial started on it.
/// <paramref name="Utilization"/>: busy slot-time over registered slot-time, from the first placement to the last slot
/// freed (or now, while attempts run).
/// </summary>
public sealed record DispatchStats(int Slots, int Busy, int Placements, double LatencyP50Ms, double LatencyP99Ms, double Utilization) : IModelOptMessage
{
    /// <summary>Messages the dispatcher handled since the first placement.</summary>
    public long Messages { get; init; }

    /// <summary>
    /// The fraction of wall time since the first placement that the dispatcher spent handling messages: how close the
    /// singleton is to being the bottleneck (1 = it never rested).
    /// </summary>
    public double BusyFraction { get; init; }
}
