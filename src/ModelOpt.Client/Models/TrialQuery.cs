namespace ModelOpt.Client.Models;

/// <summary>How a page of trials is ordered: by number, best objective first, most epochs first, most recently changed first.</summary>
public enum TrialSort { Id, Objective, Epochs, Recent }

/// <summary>
/// One page of a search's trials: those in <paramref name="Status"/> (all when null), ordered by <paramref name="Sort"/>,
/// <paramref name="Limit"/> of them from <paramref name="Offset"/>. A search of 100,000 trials answers a page in
/// milliseconds, where the whole search would be tens of megabytes.
/// </summary>
public sealed record TrialQuery(int Offset = 0, int Limit = TrialQuery.DefaultLimit, TrialStatus? Status = null, TrialSort Sort = TrialSort.Id)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Only this trial (for one trial's show, logs, stop or export).</summary>
    public string? TrialId { get; init; }

    /// <summary>Only trials changed after this <see cref="SearchPage.Version"/>: a view that polls fetches only what changed.</summary>
    public long? ChangedAfter { get; init; }

    /// <summary>Include each trial's learning curve (its epoch reports); without them a page is a few hundred bytes per trial.</summary>
    public bool Curves { get; init; } = true;

    /// <summary>The search's summary alone: counts, best trial, no page.</summary>
    public static TrialQuery Summary => new(Limit: 0);

    /// <summary>The first problem with this query as (field, message), or null when it can be answered.</summary>
    public (string Field, string Message)? Problem =>
        Offset < 0 ? ("offset", $"must be ≥ 0, got {Offset}")
        : Limit is < 0 or > MaxLimit ? ("limit", $"must be from 0 to {MaxLimit}, got {Limit}")
        : ChangedAfter < 0 ? ("changedAfter", $"must be ≥ 0, got {ChangedAfter}")
        : null;
}
