namespace ModelOpt.Client.Models;

/// <summary>
/// <c>POST …/searches/{id}/ask</c>. <paramref name="Client"/>: a name for the asking program, shown as the trial's node
/// (default <c>client</c>). <paramref name="RequestId"/>: makes a retried ask return the trial the first one got.
/// <paramref name="WaitSeconds"/>: how long to wait for a trial when none is free (0 to 20).
/// </summary>
public sealed record AskRequest(string? Client = null, string? RequestId = null, double WaitSeconds = 0);

/// <summary><c>POST …/trials/{trial}/report</c>: one epoch's metrics from the client holding <paramref name="Attempt"/>.</summary>
public sealed record ReportRequest(int Attempt, int Epoch, IReadOnlyDictionary<string, double>? Metrics, double Seconds = 0);

/// <summary><c>POST …/trials/{trial}/heartbeat</c>: the client holding <paramref name="Attempt"/> is alive.</summary>
public sealed record HeartbeatRequest(int Attempt);

/// <summary>
/// <c>POST …/trials/{trial}/tell</c>: the attempt ends, completed with <paramref name="Metrics"/>, or failed with
/// <paramref name="Failure"/> (a reason; the trial is not retried).
/// </summary>
public sealed record TellRequest(int Attempt, IReadOnlyDictionary<string, double>? Metrics = null, string? Failure = null);

/// <summary>
/// What an ask got: a <c>trial</c> to run; <c>wait</c> (<c>budget.maxConcurrent</c> trials are out, or the last ones
/// may yet be requeued: ask again); or <c>ended</c> (the search is over, nothing more will be handed out).
/// </summary>
public enum AskStatus { Trial, Wait, Ended }

/// <summary>The answer to an ask; the trial's fields are set for <see cref="AskStatus.Trial"/> only.</summary>
public sealed record AskAnswer(AskStatus Status, string SearchId, string? Reason = null)
{
    public string? TrialId { get; init; }

    /// <summary>Which attempt at the trial this is: reports and the tell name it, so a later holder's are told apart.</summary>
    public int? Attempt { get; init; }

    /// <summary>The trial's position in the search (1 for the first).</summary>
    public int? Number { get; init; }

    /// <summary>The parameters to train with; conditional parameters appear only when their condition holds.</summary>
    public IReadOnlyDictionary<string, ConfigValue>? Config { get; init; }

    /// <summary>The search's <c>budget.maxEpochsPerTrial</c>: report epochs 1 to this.</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>How long, in seconds, the client may go without a report or heartbeat before the trial is taken back.</summary>
    public double? LeaseSeconds { get; init; }
}

/// <summary>What the search says to a report or heartbeat: <c>continue</c>, or <c>stop</c> (with its reason); <c>done</c> answers a tell.</summary>
public enum TrialDecisionKind { Continue, Stop, Done }

/// <summary>The search's answer to a report, heartbeat or tell, and the trial's status after it.</summary>
public sealed record TrialDecision(TrialDecisionKind Decision, string SearchId, string TrialId, int Attempt, TrialStatus Status, string? Reason = null)
{
    /// <summary>The trial's objective once it has ended (the last reported value for a stopped trial).</summary>
    public double? Objective { get; init; }

    /// <summary>Whether the trial should end now (told to stop, or already ended).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Stop => Decision != TrialDecisionKind.Continue;
}
