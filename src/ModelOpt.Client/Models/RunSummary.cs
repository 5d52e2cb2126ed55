namespace ModelOpt.Client.Models;

/// <summary>
/// The end of a search in a few numbers: what <c>mopt run</c> prints, writes with <c>--summary</c> and answers with
/// <c>--json</c>. <paramref name="DurationSeconds"/> is the search's own, from submission to its end.
/// <paramref name="Best"/> and the <paramref name="ParetoFront"/> (multi-objective searches only) are trials in the
/// same shape as everywhere else.
/// </summary>
public sealed record RunSummary(
    string SearchId,
    string Name,
    SearchStatus Status,
    string? Reason,
    string Metric,
    ObjectiveMode Mode,
    int Trials,
    int Completed,
    int Stopped,
    int Failed,
    int Epochs,
    double DurationSeconds,
    TrialInfo? Best,
    IReadOnlyList<TrialInfo>? ParetoFront)
{
    public static RunSummary Of(SearchInfo search)
    {
        var duration = ((search.EndedAt ?? DateTimeOffset.UtcNow) - search.SubmittedAt).TotalSeconds;
        return new RunSummary(search.SearchId, search.Name, search.Status, search.Reason, search.Metric, search.Mode, search.Trials.Count,
            search.Count(TrialStatus.Completed), search.Count(TrialStatus.Stopped), search.Count(TrialStatus.Failed),
            search.Trials.Sum(t => t.Epochs), Math.Round(Math.Max(0, duration), 3), search.Best,
            search.Objectives.Count > 1 ? [.. search.ParetoTrialIds.Select(id => search.Trial(id)).OfType<TrialInfo>()] : null);
    }
}
