using System.Collections.Concurrent;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// The searches page's rows. An ended search's row is computed once; a running one's at most every two seconds
/// however many pages ask, from the search being followed anyway when it is.
/// </summary>
public sealed class SearchSummaries(ICommandApi api, SearchSpecs specs, SearchFeeds feeds, TimeProvider time)
{
    private const int MaxCached = 10_000;
    private const int Parallel = 4;
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (SearchSummaryView View, DateTimeOffset At)> _cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SearchSummaryView>> ListAsync(CancellationToken cancellationToken)
    {
        var listings = await api.ListSearchesAsync(cancellationToken);
        if (_cache.Count > MaxCached) _cache.Clear();
        using var gate = new SemaphoreSlim(Parallel);
        var rows = await Task.WhenAll(listings.Select(async listing =>
        {
            var now = time.GetUtcNow();
            if (_cache.TryGetValue(listing.SearchId, out var cached) && cached.View.Status == listing.Status
                && (listing.Status != SearchStatus.Running || now - cached.At < Fresh))
                return cached.View;
            await gate.WaitAsync(cancellationToken);
            try
            {
                var snapshot = feeds.Latest(listing.SearchId)?.Snapshot ?? await api.GetSearchAsync(listing.SearchId, cancellationToken);
                var view = Summary(snapshot, await specs.GetAsync(listing.SearchId, cancellationToken));
                _cache[listing.SearchId] = (view, now);
                return view;
            }
            catch (Exception e) when (e is CommandException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // One search that cannot be read still gets a row, from the listing alone.
                return new SearchSummaryView(listing.SearchId, listing.Name, listing.Status, listing.SubmittedAt, null, "?", default, 0, 0, 0, null, null, "?", "?");
            }
            finally
            {
                gate.Release();
            }
        }));
        return rows;
    }

    public static SearchSummaryView Summary(SearchInfo s, SearchSpec spec) => new(
        s.SearchId, s.Name, s.Status, s.SubmittedAt, s.EndedAt, s.Metric, s.Mode, s.MaxTrials,
        s.Done, s.Count(TrialStatus.Running),
        s.Best?.Objective, s.BestTrialId, spec.Searcher.Type, spec.Scheduler.Type);
}
