using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cli.Views;

/// <summary>
/// What a live view polls. A search of up to <see cref="WholeUpTo"/> trials is fetched whole; a larger one (100,000
/// trials would be tens of megabytes a poll) as its summary and the trials a view shows — the running ones with their
/// curves, the leaders, and the trials changed since the last poll — so a poll costs the same at any search size.
/// The trials come back ordered by number, the way the views expect them.
/// </summary>
public sealed class LiveSearchFeed(Func<TrialQuery, CancellationToken, Task<SearchSnapshot?>> page, Func<CancellationToken, Task<SearchSnapshot?>> whole)
{
    public const int WholeUpTo = 2_000;
    public const int RunningShown = 50;
    public const int LeadersShown = 20;
    public const int ChangesShown = 500;

    private long? _version;

    public async Task<SearchSnapshot?> PollAsync(CancellationToken cancellationToken)
    {
        var running = await page(new TrialQuery(Limit: RunningShown, Phase: TrialPhase.Running), cancellationToken);
        if (running is null) return null;
        if (running.Counts is not { } counts || counts.Total <= WholeUpTo) return await whole(cancellationToken);

        var leaders = await page(new TrialQuery(Limit: LeadersShown, Phase: TrialPhase.Completed, Sort: TrialSort.Objective) { Curves = false }, cancellationToken);
        // A version lower than the last one seen means the search was recovered from an older snapshot: start over.
        var since = _version is { } v && v <= running.Version ? v : (long?)null;
        var changed = await page(new TrialQuery(Limit: ChangesShown, Sort: TrialSort.Recent) { Curves = false, ChangedAfter = since }, cancellationToken);
        _version = running.Version;

        var trials = new Dictionary<string, TrialSnapshot>(StringComparer.Ordinal);
        foreach (var trial in (leaders?.Trials ?? []).Concat(changed?.Trials ?? []).Concat(running.Trials)) trials[trial.Id] = trial;
        return running with { Trials = [.. trials.Values.OrderBy(t => t.Id.Length).ThenBy(t => t.Id, StringComparer.Ordinal)] };
    }
}
