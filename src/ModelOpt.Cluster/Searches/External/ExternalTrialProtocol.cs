using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches.External;

/// <summary>
/// A client asks an external search for a trial to run. Answered with an <see cref="AskReply"/>: a trial, or — when
/// <c>maxConcurrent</c> trials are out and none frees within <paramref name="Wait"/> — <see cref="AskReplyKind.Wait"/>.
/// <paramref name="RequestId"/> makes a retried ask idempotent: the same client and id get the trial handed out the
/// first time while its lease lives.
/// </summary>
public sealed record AskTrial(string SearchId, string Client, string? RequestId, TimeSpan Wait) : ISearchMessage;

/// <summary>An epoch's metrics from the client holding <paramref name="Attempt"/> of the trial. Answered with an <see cref="ExternalVerdict"/>.</summary>
public sealed record ReportExternalTrial(string SearchId, string TrialId, int Attempt, EpochReport Report) : ISearchMessage;

/// <summary>The client holding <paramref name="Attempt"/> is alive; renews its lease. Answered with an <see cref="ExternalVerdict"/>.</summary>
public sealed record HeartbeatExternalTrial(string SearchId, string TrialId, int Attempt) : ISearchMessage;

/// <summary>
/// The client ends its attempt: with final <paramref name="Metrics"/> (completed), or with a <paramref name="Failure"/>
/// reason (failed; not retried). Answered with an <see cref="ExternalVerdict"/>.
/// </summary>
public sealed record TellExternalTrial(
    string SearchId, string TrialId, int Attempt, IReadOnlyDictionary<string, double> Metrics, string? Failure) : ISearchMessage;

public enum AskReplyKind
{
    /// <summary>A trial was handed out: run it.</summary>
    Trial,

    /// <summary>Nothing to hand out now (<c>maxConcurrent</c> trials are out, or the last ones may yet be requeued): ask again.</summary>
    Wait,

    /// <summary>The search is over (finished or cancelled): nothing more will be handed out.</summary>
    Ended,

    /// <summary>The search's trials are not run by clients.</summary>
    Refused,

    /// <summary>No such search.</summary>
    Unknown,
}

/// <summary>The answer to an <see cref="AskTrial"/>; the trial fields are set for <see cref="AskReplyKind.Trial"/> only.</summary>
public sealed record AskReply(string SearchId, AskReplyKind Status, string? Reason) : IModelOptMessage
{
    public string? TrialId { get; init; }
    public int Attempt { get; init; }
    public int Number { get; init; }
    public Config? Config { get; init; }

    /// <summary>The search's <c>budget.maxEpochsPerTrial</c>: reports may number epochs 1 to this.</summary>
    public int MaxEpochs { get; init; }

    /// <summary>How long, in seconds, the client may stay silent (no report or heartbeat) before it loses the trial.</summary>
    public double LeaseSeconds { get; init; }
}

public enum VerdictKind
{
    /// <summary>Keep training.</summary>
    Continue,

    /// <summary>Stop now (scheduler, user, cancelled search or a non-finite objective); <see cref="ExternalVerdict.Reason"/> says why.</summary>
    Stop,

    /// <summary>The trial has ended (a tell was recorded, or repeated).</summary>
    Done,

    /// <summary>This attempt no longer holds the trial (its lease expired, it was requeued, or it never existed); nothing was recorded.</summary>
    Refused,

    /// <summary>No such search or trial.</summary>
    Unknown,

    /// <summary>The request itself is wrong (an epoch outside 1..maxEpochsPerTrial, a search whose trials run on workers); nothing was recorded.</summary>
    Invalid,
}

/// <summary>What a report, heartbeat or tell came to, and the trial's phase after it.</summary>
public sealed record ExternalVerdict(VerdictKind Decision, string TrialId, int Attempt, TrialPhase Phase, string? Reason) : IModelOptMessage
{
    /// <summary>The trial's objective once it has ended; null before.</summary>
    public double? Objective { get; init; }
}
