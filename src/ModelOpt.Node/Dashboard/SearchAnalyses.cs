using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Importance;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// fANOVA analyses of searches, computed once per number of completed trials and kept: a page asking again gets the
/// cached one. One analysis runs at a time on the whole node, off the request, so pages never compete with the cluster
/// for more than one core; while a newer one is computed, the last one is served. An ended search's analysis is
/// prepared when its page opens (<see cref="Prepare"/>): fitting the forest of 10,000 trials takes a second or more,
/// which the importance and contour tabs would otherwise wait for.
/// </summary>
public sealed class SearchAnalyses(ILogger<SearchAnalyses> logger)
{
    private const int MaxSearches = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1);

    public sealed record Computed(int Key, ImportanceAnalysis? Analysis, DateTimeOffset At)
    {
        private readonly ConcurrentDictionary<(string X, string Y, int Cells), Lazy<PairMarginal?>> _pairs = new();

        /// <summary>A pair's marginal (a contour), computed once per analysis: a page asks again on every visit.</summary>
        public PairMarginal? Pair(string x, string y, int cells) => Analysis is not { } analysis ? null
            : _pairs.GetOrAdd((x, y, cells), key => new Lazy<PairMarginal?>(() => analysis.Pair(key.X, key.Y, key.Cells))).Value;
    }

    /// <summary>
    /// In the background, the analysis of a search that no longer runs (its completed trials stay as they are) and the
    /// contour of its two most important parameters, the pair the contour tab shows first.
    /// </summary>
    public void Prepare(SearchInfo search, SearchSpec spec, int contourCells)
    {
        if (search.IsRunning) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var computed = await GetAsync(search, spec, CancellationToken.None);
                if (computed.Analysis?.Parameters is [var first, var second, ..]) computed.Pair(first.Name, second.Name, contourCells);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The analysis of search {SearchId} failed", search.SearchId);
            }
        });
    }

    /// <summary>The analysis of the search's completed trials (null when there are too few), possibly one completion behind.</summary>
    public async Task<Computed> GetAsync(SearchInfo search, SearchSpec spec, CancellationToken cancellationToken)
    {
        var completed = search.Trials.Where(t => t.Status == TrialStatus.Completed && t.Objective is not null).ToList();
        var key = completed.Count;
        if (_slots.Count >= MaxSearches && !_slots.ContainsKey(search.SearchId)) _slots.Clear();
        var slot = _slots.GetOrAdd(search.SearchId, _ => new Slot());
        Task<Computed> pending;
        Computed? latest;
        lock (slot)
        {
            latest = slot.Latest;
            if (latest?.Key == key) return latest;
            if (slot.Pending is null || (slot.Pending.IsCompleted && slot.PendingKey != key))
            {
                var points = completed.Select(t => (SearchViews.Config(t.Config), t.Objective!.Value)).ToList();
                slot.PendingKey = key;
                slot.Pending = Task.Run(() => ComputeAsync(slot, key, spec.Space, points));
            }
            pending = slot.Pending;
        }
        if (latest is null) return await pending.WaitAsync(cancellationToken);
        try
        {
            return await pending.WaitAsync(Patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            return latest;
        }
    }

    private async Task<Computed> ComputeAsync(Slot slot, int key, SearchSpace space, List<(Config, double)> points)
    {
        await _gate.WaitAsync();
        try
        {
            var computed = new Computed(key, ImportanceAnalysis.Of(space, points), DateTimeOffset.UtcNow);
            lock (slot) if (slot.Latest is null || slot.Latest.Key < key) slot.Latest = computed;
            return computed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Slot
    {
        public Computed? Latest;
        public Task<Computed>? Pending;
        public int PendingKey = -1;
    }
}
