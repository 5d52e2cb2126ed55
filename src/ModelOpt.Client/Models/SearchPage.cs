namespace ModelOpt.Client.Models;

/// <summary>
/// A search's summary with one page of its trials: what <c>GET /api/v1/searches/{id}/trials</c> answers.
/// <see cref="SearchInfo.Trials"/> of <paramref name="Search"/> holds the page: <paramref name="Matching"/> trials matched
/// the query, the page starts at <paramref name="Offset"/>. <paramref name="Best"/> is the best trial in full, also when
/// it is not on the page; <paramref name="Version"/> is the search's version then (ask for the trials changed after it).
/// </summary>
public sealed record SearchPage(SearchInfo Search, TrialCountsInfo Counts, int Matching, int Offset, long Version, TrialInfo? Best);

/// <summary>How many of a search's trials are in each status.</summary>
public sealed record TrialCountsInfo(int Pending, int Running, int Completed, int Stopped, int Failed)
{
    public int Total => Pending + Running + Completed + Stopped + Failed;

    /// <summary>Trials that ended: completed, stopped or failed.</summary>
    public int Done => Completed + Stopped + Failed;

    public int Of(TrialStatus status) => status switch
    {
        TrialStatus.Pending => Pending,
        TrialStatus.Running => Running,
        TrialStatus.Completed => Completed,
        TrialStatus.Stopped => Stopped,
        _ => Failed,
    };
}
