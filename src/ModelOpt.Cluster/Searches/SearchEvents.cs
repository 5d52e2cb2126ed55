using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

/// <summary>What a search journals. Replaying these in order through <see cref="SearchState.Apply"/> rebuilds the search.</summary>
public interface ISearchEvent : IModelOptMessage;

/// <summary>The search was accepted; the spec text is re-parsed on recovery, and its clock starts at <paramref name="SubmittedAt"/>.</summary>
public sealed record SearchSubmitted(string SearchId, string SpecText, DateTimeOffset SubmittedAt) : ISearchEvent
{
    /// <summary>The W3C <c>traceparent</c> of the submission's span: every trial span of the search is its child. Null when not traced.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// The searcher a spec without a <c>searcher</c> key runs with, as it was when the search was accepted; null in
    /// journals written before it was recorded (<see cref="Search.Specs.SpecParser.FormerDefaultSearcher"/> then).
    /// </summary>
    public string? DefaultSearcher { get; init; }
}

/// <summary>The searcher proposed a configuration; sampled when a slot was granted.</summary>
public sealed record TrialSuggested(string TrialId, Config Config) : ISearchEvent;

/// <summary>An attempt of the trial was placed on a worker slot.</summary>
public sealed record TrialStarted(string TrialId, int Attempt, string Node, string Device, DateTimeOffset StartedAt) : ISearchEvent
{
    /// <summary>
    /// The attempt's fencing token (see <see cref="Dispatch.TrialAssignment.Token"/>): only messages that carry it, or none, speak
    /// for this attempt. Null in journals written before tokens, and for external searches' attempts.
    /// </summary>
    public string? Token { get; init; }
}

public sealed record TrialReported(string TrialId, EpochReport Report) : ISearchEvent
{
    /// <summary>The attempt that reported it; 0 in journals written before attempts were recorded.</summary>
    public int Attempt { get; init; }
}

/// <summary>The scheduler, a user or a cancellation ended the trial early.</summary>
public sealed record TrialStopped(string TrialId, string Reason, DateTimeOffset StoppedAt) : ISearchEvent
{
    /// <summary>Who stopped it; null in journals written before it was recorded (<see cref="StoppedBy"/> then reads the reason).</summary>
    public StopKind? By { get; init; }

    public StopKind StoppedBy() => By ?? Reason switch
    {
        SearchState.StoppedByUserReason => StopKind.User,
        SearchState.CancelledReason => StopKind.Cancel,
        _ => StopKind.Scheduler,
    };
}

/// <summary>
/// PBT: the running attempt ends and the trial waits for a slot, then restarts from <paramref name="CloneFrom"/>'s
/// checkpoint at <paramref name="Epoch"/> with <paramref name="NewConfig"/>.
/// </summary>
public sealed record TrialExploited(string TrialId, string CloneFrom, Config NewConfig, int Epoch, string Reason) : ISearchEvent
{
    /// <summary>When the running attempt ended; null in journals written before it was recorded.</summary>
    public DateTimeOffset? At { get; init; }
}

public sealed record TrialCompleted(string TrialId, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset CompletedAt) : ISearchEvent
{
    /// <summary>The workload's small text artifacts; null if none (and in journals written before they were kept).</summary>
    public IReadOnlyDictionary<string, string>? Artifacts { get; init; }

    /// <summary>The attempt whose result this is (only the trial's current attempt is ever accepted); 0 in older journals.</summary>
    public int Attempt { get; init; }
}

public sealed record TrialFailed(string TrialId, FailureKind Kind, string Reason, DateTimeOffset FailedAt) : ISearchEvent;

/// <summary>The attempt was lost (worker gone, runner crashed, coordinator restarted); the trial waits for another slot.</summary>
public sealed record TrialRequeued(string TrialId, string Reason) : ISearchEvent
{
    /// <summary>When the attempt was given up; null in journals written before it was recorded.</summary>
    public DateTimeOffset? At { get; init; }
}

/// <summary>The searcher has nothing more to propose (e.g. a finished grid).</summary>
public sealed record SuggestionsExhausted : ISearchEvent;

public sealed record SearchFinished(string Reason, DateTimeOffset FinishedAt) : ISearchEvent;

public sealed record SearchCancelled(string Reason, DateTimeOffset CancelledAt) : ISearchEvent;

/// <summary>A cancelled search was resumed; trials it stopped stay stopped, the rest of the budget runs.</summary>
public sealed record SearchResumed(DateTimeOffset ResumedAt) : ISearchEvent;
