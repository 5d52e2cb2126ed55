using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Node.Commands;

namespace ModelOpt.Node.Dashboard;

/// <summary>The searches someone is looking at, one <see cref="SearchFeed"/> each, started on first use and dropped when idle.</summary>
public sealed class SearchFeeds(ICommandApi api, SearchSpecs specs, DashboardOptions options, TimeProvider time, ILogger<SearchFeeds> logger) : IDisposable
{
    /// <summary>Searches watched at once; each costs one read per refresh interval.</summary>
    public const int MaxFeeds = 200;

    private readonly ConcurrentDictionary<string, SearchFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    public SearchFeed Get(string searchId)
    {
        InputLimits.CheckId("searchId", searchId);
        if (_feeds.TryGetValue(searchId, out var feed)) return feed;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_feeds.TryGetValue(searchId, out feed)) return feed;
            if (_feeds.Count >= MaxFeeds)
                throw new CommandException(new CommandError(CommandErrorCodes.Unavailable, $"the dashboard already follows {MaxFeeds} searches; try again when some are closed"));
            feed = new SearchFeed(searchId, api, specs, options, time, logger, Remove);
            _feeds[searchId] = feed;
            feed.Start();
            return feed;
        }
    }

    /// <summary>The latest read of a search that is being followed anyway, or null.</summary>
    public FeedState? Latest(string searchId) => _feeds.TryGetValue(searchId, out var feed) ? feed.Latest : null;

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var feed in _feeds.Values) feed.Dispose();
            _feeds.Clear();
        }
    }

    private void Remove(SearchFeed feed) => _feeds.TryRemove(KeyValuePair.Create(feed.SearchId, feed));
}
