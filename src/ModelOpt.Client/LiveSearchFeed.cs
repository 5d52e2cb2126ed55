using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>
/// What a live view of one search polls. A search of up to <see cref="WholeUpTo"/> trials is read whole; a larger one
/// (100,000 trials are tens of megabytes) as pages of what a view shows: the running trials with their curves, the
/// leaders, and the trials changed since the previous poll, with the counts of the whole search in
/// <see cref="SearchInfo.Counts"/>. A poll then costs the same at any search size. Trials come back ordered by number.
/// </summary>
public sealed class LiveSearchFeed(ICommandApi api, string searchId)
{
    public const int WholeUpTo = 2_000;
    public const int RunningShown = 100;
    public const int LeadersShown = 20;
    public const int ChangesShown = 500;

    /// <summary>Stopped and failed trials kept from earlier polls, so a view's latest early ends do not vanish when nothing changed.</summary>
    private const int EndedKept = 20;

    private readonly List<TrialInfo> _ended = [];
    private long? _version;

    public async Task<SearchInfo> PollAsync(CancellationToken cancellationToken = default)
    {
        var running = await api.GetTrialsAsync(searchId, new TrialQuery(Limit: RunningShown, Status: TrialStatus.Running), cancellationToken);
        if (running.Counts.Total <= WholeUpTo) return await api.GetSearchAsync(searchId, cancellationToken);

        var leaders = await api.GetTrialsAsync(searchId,
            new TrialQuery(Limit: LeadersShown, Status: TrialStatus.Completed, Sort: TrialSort.Objective) { Curves = false }, cancellationToken);
        // A version below the last one seen: the search was recovered from an older snapshot, so start over.
        var since = _version is { } v && v <= running.Version ? v : (long?)null;
        var changed = await api.GetTrialsAsync(searchId,
            new TrialQuery(Limit: since is null ? 0 : ChangesShown, Sort: TrialSort.Recent) { Curves = false, ChangedAfter = since }, cancellationToken);
        _version = running.Version;
        Remember(changed.Search.Trials);

        var trials = new Dictionary<string, TrialInfo>(StringComparer.Ordinal);
        foreach (var trial in _ended.Concat(leaders.Search.Trials).Concat(changed.Search.Trials).Concat(running.Search.Trials))
            trials[trial.TrialId] = trial;
        if (running.Best is { } best) trials[best.TrialId] = best;
        return running.Search with
        {
            Trials = [.. trials.Values.OrderBy(t => t.TrialId.Length).ThenBy(t => t.TrialId, StringComparer.Ordinal)],
            BestTrialId = running.Best?.TrialId,
            Counts = running.Counts,
        };
    }

    private void Remember(IEnumerable<TrialInfo> changed)
    {
        foreach (var trial in changed.Where(t => t.Status is TrialStatus.Stopped or TrialStatus.Failed))
        {
            _ended.RemoveAll(t => t.TrialId == trial.TrialId);
            _ended.Add(trial);
        }
        if (_ended.Count > EndedKept) _ended.RemoveRange(0, _ended.Count - EndedKept);
    }
}
