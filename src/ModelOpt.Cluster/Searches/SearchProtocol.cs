using ModelOpt.Client.Models;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

/// <summary>A message for one search entity; the shard region routes it by <see cref="SearchId"/>.</summary>
public interface ISearchMessage : IModelOptMessage
{
    string SearchId { get; }
}

/// <summary>Starts a search from its spec text. Answered with <see cref="SubmitResult"/>.</summary>
public sealed record SubmitSearch(string SearchId, string SpecText) : ISearchMessage;

/// <summary><paramref name="Errors"/> lists every problem of a rejected spec; empty when accepted.</summary>
public sealed record SubmitResult(string SearchId, bool Accepted, IReadOnlyList<string> Errors) : IModelOptMessage;

/// <summary>Answered with a <see cref="SearchView"/>.</summary>
public sealed record GetSearch(string SearchId) : ISearchMessage;

/// <summary>A search as users see it (<see cref="SearchViews"/>); <paramref name="Search"/> is null when nothing was submitted under the id.</summary>
public sealed record SearchView(SearchInfo? Search) : IModelOptMessage;

/// <summary>Asks a search for one page of its trials (see <see cref="TrialQuery"/>). Answered with a <see cref="SearchPageView"/>.</summary>
public sealed record GetSearchPage(string SearchId, TrialQuery Query) : ISearchMessage;

/// <summary>A search's summary with one page of its trials; <paramref name="Page"/> is null when nothing was submitted under the id.</summary>
public sealed record SearchPageView(SearchPage? Page) : IModelOptMessage;

/// <summary>Stops every trial and the search. Answered with a <see cref="SearchView"/>.</summary>
public sealed record CancelSearch(string SearchId, string Reason) : ISearchMessage;

/// <summary>Wakes the search (continuing a cancelled one). Answered with a <see cref="SearchView"/>.</summary>
public sealed record ResumeSearch(string SearchId) : ISearchMessage;

/// <summary>Answered with <see cref="SearchSpecText"/> (null text for an unknown id).</summary>
public sealed record GetSearchSpec(string SearchId) : ISearchMessage;

public sealed record SearchSpecText(string SearchId, string? SpecText) : IModelOptMessage;

/// <summary>A user stops one trial (its running attempt is stopped, the trial recorded as stopped). Answered with a <see cref="SearchView"/>.</summary>
public sealed record StopTrialByUser(string SearchId, string TrialId) : ISearchMessage;

/// <summary>The dispatcher reserved a slot for this search; it must start a trial there or release it.</summary>
public sealed record SlotGranted(string SearchId, Dispatch.SlotId Slot) : ISearchMessage;

/// <summary>A running attempt finished an epoch.</summary>
public sealed record TrialEpoch(string SearchId, string TrialId, int Attempt, EpochReport Report) : ISearchMessage
{
    /// <summary>The attempt's <see cref="Dispatch.TrialAssignment.Token"/>; null from an older node, or when the sender names an attempt the search listed itself.</summary>
    public string? Token { get; init; }
}

/// <summary>A running attempt returned its final metrics.</summary>
public sealed record TrialSucceeded(string SearchId, string TrialId, int Attempt, IReadOnlyDictionary<string, double> Metrics) : ISearchMessage
{
    /// <summary>The attempt's <see cref="Dispatch.TrialAssignment.Token"/>; null from an older node, or when the sender names an attempt the search listed itself.</summary>
    public string? Token { get; init; }

    /// <summary>The slot the attempt ran on, kept for this search's next trial; null when it went back to the dispatcher.</summary>
    public Dispatch.HeldSlot? Held { get; init; }

    /// <summary>The attempt's report of its last budgeted epoch, sent with its outcome rather than before it (see <see cref="Workers.TrialAttempt"/>).</summary>
    public EpochReport? LastReport { get; init; }

    /// <summary>The workload's small text artifacts (confusion matrix CSV, checkpoint paths); null if none.</summary>
    public IReadOnlyDictionary<string, string>? Artifacts { get; init; }
}

/// <summary>A running attempt failed, timed out, crashed, or its worker was lost.</summary>
public sealed record TrialAttemptFailed(string SearchId, string TrialId, int Attempt, FailureKind Kind, string Reason) : ISearchMessage
{
    /// <summary>The attempt's <see cref="Dispatch.TrialAssignment.Token"/>; null from an older node, or when the sender names an attempt the search listed itself.</summary>
    public string? Token { get; init; }

    /// <summary>The slot the attempt ran on, kept for this search's next trial; null when it went back to the dispatcher.</summary>
    public Dispatch.HeldSlot? Held { get; init; }

    /// <summary>The attempt's report of its last budgeted epoch, sent with its outcome rather than before it (see <see cref="Workers.TrialAttempt"/>).</summary>
    public EpochReport? LastReport { get; init; }
}

/// <summary>
/// A worker did not start an attempt on a slot the search held (the hold had expired or the slot was reclaimed): the
/// attempt never ran, so the trial waits for another slot without spending a retry.
/// </summary>
public sealed record HeldStartRefused(string SearchId, string TrialId, int Attempt, string Reason) : ISearchMessage
{
    /// <summary>The attempt's <see cref="Dispatch.TrialAssignment.Token"/>; null from an older node, or when the sender names an attempt the search listed itself.</summary>
    public string? Token { get; init; }
}

/// <summary>
/// Compacts an ended search: its state is saved as one snapshot and the events before it are deleted, so it stays
/// readable (show, trials, report, resume) at a fraction of its journal size. Answered with <see cref="SearchCleaned"/>.
/// </summary>
public sealed record ArchiveSearch(string SearchId) : ISearchMessage;

/// <summary>Deletes an ended search: its events, snapshots and listing. Answered with <see cref="SearchCleaned"/>.</summary>
public sealed record DeleteSearch(string SearchId) : ISearchMessage;

/// <summary>
/// What an <see cref="ArchiveSearch"/> or <see cref="DeleteSearch"/> did: <paramref name="EventsRemoved"/> journal events
/// deleted; <paramref name="Refused"/> says why nothing was done (unknown search, still running, already being cleaned).
/// </summary>
public sealed record SearchCleaned(string SearchId, string Action, long EventsRemoved, string? Refused = null) : IModelOptMessage
{
    public const string Archived = "archived";
    public const string Deleted = "deleted";
    public const string NoSuchSearch = "no such search";
}
