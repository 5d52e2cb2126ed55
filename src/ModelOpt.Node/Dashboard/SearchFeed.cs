using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// One search kept current for everyone watching it: read through the command API every
/// <see cref="DashboardOptions.RefreshInterval"/> while a page looks at it (less often once it ended, or when a read is slow), compared with the
/// last read, and published as a new <see cref="FeedState"/> when a trial or the search changed. However many pages
/// watch, the search is read once per interval; it stops being read once nobody looked for <see cref="DashboardOptions.IdleAfter"/>.
/// Only the first read takes the whole search; later ones ask for the trials changed since the search's version last
/// read (<see cref="TrialQuery.ChangedAfter"/>), so the search entity builds O(changed) trials per interval, not O(trials).
/// </summary>
public sealed class SearchFeed : IDisposable
{
    /// <summary>Versions grow across feeds and restarts (they start from the clock), so an old page's version is always older.</summary>
    private static long _clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    /// <summary>Reading the search whole takes at most one part in this many of the feed's time.</summary>
    private const int ReadShare = 20;

    private readonly ICommandApi _api;
    private readonly SearchSpecs _specs;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<SearchFeed> _ended;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<FeedState> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FeedState? _state;
    /// <summary>The search's own version (<see cref="SearchPage.Version"/>) the held trials are current to; -1: read it whole.</summary>
    private long _readVersion = -1;
    /// <summary>Positions of the held trials in <see cref="SearchInfo.Trials"/>, by id.</summary>
    private Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private long _lastUsed;
    private int _viewers;

    public SearchFeed(string searchId, ICommandApi api, SearchSpecs specs, DashboardOptions options, TimeProvider time, ILogger logger, Action<SearchFeed> ended)
    {
        SearchId = searchId;
        _api = api;
        _specs = specs;
        _options = options;
        _time = time;
        _logger = logger;
        _ended = ended;
        Touch();
    }

    public string SearchId { get; }

    /// <summary>The latest state, null before the first read.</summary>
    public FeedState? Latest => _state;

    /// <summary>The latest state, waiting for the first read (which fails as the command API did, e.g. an unknown search).</summary>
    public Task<FeedState> CurrentAsync(CancellationToken cancellationToken)
    {
        Touch();
        return _state is { } state ? Task.FromResult(state) : _loaded.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The first state newer than <paramref name="after"/>, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<FeedState?> NextAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        Touch();
        var changed = _changed.Task;
        if (_state is { } state && state.Version > after) return state;
        try
        {
            await changed.WaitAsync(wait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        return _state is { } next && next.Version > after ? next : null;
    }

    /// <summary>A held stream counts as a viewer until disposed, however long it waits between changes.</summary>
    public IDisposable Watch()
    {
        Interlocked.Increment(ref _viewers);
        return new Viewer(this);
    }

    /// <summary>Starts reading; called once the feed is registered, so that its end can unregister it.</summary>
    public void Start() => _ = Task.Run(RunAsync);

    public void Dispose()
    {
        _stop.Cancel();
        _loaded.TrySetCanceled();
    }

    private void Touch() => Interlocked.Exchange(ref _lastUsed, _time.GetTimestamp());

    private bool IsIdle => Volatile.Read(ref _viewers) == 0 && _time.GetElapsedTime(Interlocked.Read(ref _lastUsed)) > _options.IdleAfter;

    private async Task RunAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested && !IsIdle)
            {
                var started = _time.GetTimestamp();
                var whole = false;
                try
                {
                    whole = await RefreshAsync(_stop.Token);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    if (_state is null)
                    {
                        _loaded.TrySetException(e);
                        return;
                    }
                    _logger.LogDebug(e, "The dashboard could not refresh search {SearchId}", SearchId);
                }
                var running = _state?.Snapshot.Status == SearchStatus.Running;
                var interval = running ? _options.RefreshInterval : _options.RefreshInterval * 6;
                // A whole read costs O(trials) and competes with dispatch: it is kept to at most 1/ReadShare of the
                // time. A read of the changes costs little (its time is mostly waiting in the busy search's mailbox),
                // so the next one follows an interval after it, keeping pages about an interval behind.
                var spacing = whole ? _time.GetElapsedTime(started) * (ReadShare - 1) : TimeSpan.Zero;
                await Task.Delay(spacing > interval ? spacing : interval, _time, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _loaded.TrySetCanceled();
            _ended(this);
        }
    }

    /// <summary>Reads the search and publishes what changed; true when it was read whole.</summary>
    private async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var previous = _state;
        var changed = previous is not null && _readVersion >= 0 ? await ChangesAsync(previous.Snapshot, cancellationToken) : null;
        var snapshot = changed ?? await WholeAsync(cancellationToken);
        var spec = await _specs.GetAsync(SearchId, cancellationToken);
        var now = _time.GetUtcNow();
        if (previous is null)
        {
            var first = Interlocked.Increment(ref _clock);
            Publish(new FeedState(snapshot, spec, first, first, [.. Enumerable.Repeat(first, snapshot.Trials.Count)], now));
            _loaded.TrySetResult(_state!);
            return true;
        }
        var versions = new long[snapshot.Trials.Count];
        long? version = SearchChanged(previous.Snapshot, snapshot) ? Interlocked.Increment(ref _clock) : null;
        for (var i = 0; i < versions.Length; i++)
        {
            if (i < previous.Snapshot.Trials.Count && !TrialChanged(previous.Snapshot.Trials[i], snapshot.Trials[i]))
            {
                versions[i] = previous.TrialVersions[i];
                continue;
            }
            version ??= Interlocked.Increment(ref _clock);
            versions[i] = version.Value;
        }
        if (version is { } v) Publish(new FeedState(snapshot, spec, v, previous.BaseVersion, versions, now));
        return changed is null;
    }

    /// <summary>
    /// The whole search, noting the version it is current to at least (read before it), from which changes are read
    /// next. A journal without a cluster is replayed whatever is asked, so it is read whole each time instead.
    /// </summary>
    private async Task<SearchInfo> WholeAsync(CancellationToken cancellationToken)
    {
        var version = _options.Mode == DashboardMode.Cluster ? (await _api.GetTrialsAsync(SearchId, TrialQuery.Summary, cancellationToken)).Version : -1;
        var whole = await _api.GetSearchAsync(SearchId, cancellationToken);
        var positions = new Dictionary<string, int>(whole.Trials.Count, StringComparer.Ordinal);
        for (var i = 0; i < whole.Trials.Count; i++) positions[whole.Trials[i].TrialId] = i;
        _positions = positions;
        _readVersion = version;
        return whole;
    }

    /// <summary>
    /// <paramref name="held"/> with the trials changed since <see cref="_readVersion"/> read a page at a time, or null
    /// when the search's version went back (its entity started over from an older snapshot) and it must be read whole.
    /// Pages are taken in trial order; a trial changing meanwhile can only move later ones to the next page (read twice,
    /// never skipped), and the next read starts from the first page's version, so nothing changed during the read is missed.
    /// </summary>
    private async Task<SearchInfo?> ChangesAsync(SearchInfo held, CancellationToken cancellationToken)
    {
        // Until this read completes, the held positions may name trials only it saw: a failed read starts over whole.
        var since = _readVersion;
        _readVersion = -1;
        SearchPage? first = null;
        List<TrialInfo>? trials = null;
        var complete = false;
        for (var offset = 0; ; offset += TrialQuery.MaxLimit)
        {
            var page = await _api.GetTrialsAsync(SearchId, new TrialQuery(offset, TrialQuery.MaxLimit) { ChangedAfter = since }, cancellationToken);
            if (page.Version < since) return null;
            first ??= page;
            foreach (var trial in page.Search.Trials)
            {
                trials ??= [.. held.Trials];
                if (_positions.TryGetValue(trial.TrialId, out var at)) trials[at] = trial;
                else
                {
                    // Trials are numbered as they are created, so a new one goes last (pages order trials by number
                    // themselves: a new trial first seen on a later read than a newer one does not disturb them).
                    _positions[trial.TrialId] = trials.Count;
                    trials.Add(trial);
                }
            }
            if (page.Search.Trials.Count == 0 || offset + page.Search.Trials.Count >= page.Matching)
            {
                complete = true;
                break;
            }
            // A search changing faster than its pages are read is not chased: one page more than it had changes when
            // the read began, and the next read starts again from where this one did.
            if (offset >= first.Matching) break;
        }
        _readVersion = complete ? first.Version : since;
        return first.Search with { Trials = trials ?? held.Trials };
    }

    private void Publish(FeedState state)
    {
        _state = state;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private static bool SearchChanged(SearchInfo a, SearchInfo b) =>
        a.Status != b.Status || a.Reason != b.Reason || a.EndedAt != b.EndedAt || a.BestTrialId != b.BestTrialId
        || a.Trials.Count != b.Trials.Count || !a.ParetoTrialIds.SequenceEqual(b.ParetoTrialIds);

    /// <summary>A configuration changes only with a PBT restart, which changes the status too: it is not compared.</summary>
    private static bool TrialChanged(TrialInfo a, TrialInfo b) =>
        !ReferenceEquals(a, b) && (a.TrialId != b.TrialId || a.Status != b.Status || a.Attempts != b.Attempts || a.Curve.Count != b.Curve.Count || a.Objective != b.Objective
        || a.Reason != b.Reason || a.Node != b.Node || a.Device != b.Device || a.StartedAt != b.StartedAt || a.EndedAt != b.EndedAt);

    private sealed class Viewer(SearchFeed feed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Touch();
                Interlocked.Decrement(ref feed._viewers);
            }
        }
    }
}
