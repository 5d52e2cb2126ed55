using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ModelOpt.Client.Models;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// A persistent cluster singleton listing every search ever submitted with its latest status, so <c>list</c> does
/// not have to wake every search entity. It also applies the journal retention (<see cref="RetentionOptions"/>): every
/// so often (a minute by default), searches that ended long enough ago are archived or deleted through their entities, which report back.
/// </summary>
public sealed class SearchIndex : ReceivePersistentActor, IWithTimers
{
    public sealed record Register(string SearchId, string Name, DateTimeOffset SubmittedAt) : IModelOptMessage;

    public sealed record StatusChanged(string SearchId, Searches.SearchStatus Status) : IModelOptMessage
    {
        /// <summary>When the search finished or was cancelled; null while it runs (and in events from older nodes).</summary>
        public DateTimeOffset? EndedAt { get; init; }
    }

    /// <summary>The search's events were compacted into one snapshot.</summary>
    public sealed record Archived(string SearchId) : IModelOptMessage;

    /// <summary>The search was deleted from the journal.</summary>
    public sealed record Removed(string SearchId) : IModelOptMessage;

    public sealed record List : IModelOptMessage;

    public sealed record Listing(IReadOnlyList<SearchListing> Searches) : IModelOptMessage;

    private sealed record ApplyRetention;

    private readonly IActorRef _searchRegion;
    private readonly RetentionOptions _retention;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, SearchListing> _searches = ImmutableSortedDictionary<string, SearchListing>.Empty;

    public ITimerScheduler Timers { get; set; } = null!;

    public SearchIndex(IActorRef searchRegion, RetentionOptions retention)
    {
        _searchRegion = searchRegion;
        _retention = retention;
        Recover<Register>(Apply);
        Recover<StatusChanged>(Apply);
        Recover<Archived>(Apply);
        Recover<Removed>(Apply);
        Command<Register>(r => { if (!_searches.ContainsKey(r.SearchId)) Persist(r, Apply); });
        Command<StatusChanged>(s =>
        {
            if (_searches.TryGetValue(s.SearchId, out var l) && (l.Status != SearchViews.Status(s.Status) || l.EndedAt != s.EndedAt)) Persist(s, Apply);
        });
        Command<Archived>(a => { if (_searches.TryGetValue(a.SearchId, out var l) && !l.Archived) Persist(a, Apply); });
        Command<Removed>(r => { if (_searches.ContainsKey(r.SearchId)) Persist(r, Apply); });
        Command<List>(_ => Sender.Tell(new Listing(Ordered(_searches))));
        Command<ApplyRetention>(_ => Retain(DateTimeOffset.UtcNow));
        Command<SearchCleaned>(c =>
        {
            _asked.Remove(c.SearchId);
            if (c.Refused is { } refused) _log.Warning("Retention: search {0} was not {1}: {2}", c.SearchId, c.Action, refused);
        });
        Command<Status.Failure>(f => _log.Warning("Retention: a search could not be cleaned: {0}", f.Cause.Message));
    }

    public const string Id = "search-index";

    public override string PersistenceId => Id;

    public static Props Props(IActorRef searchRegion, RetentionOptions? retention = null) =>
        Akka.Actor.Props.Create(() => new SearchIndex(searchRegion, retention ?? RetentionOptions.KeepAll));

    protected override void PreStart()
    {
        if (!_retention.IsKeepAll) Timers.StartPeriodicTimer("retention", new ApplyRetention(), _retention.CheckEvery);
    }

    /// <summary>Asks the entities of searches past their retention to archive or delete themselves; each is asked once per run of this index.</summary>
    private void Retain(DateTimeOffset now)
    {
        foreach (var listing in _searches.Values)
        {
            if (listing is not { EndedAt: { } ended, Status: Client.Models.SearchStatus.Finished or Client.Models.SearchStatus.Cancelled }
                || _asked.Contains(listing.SearchId)) continue;
            ISearchMessage? clean =
                _retention.DeleteAfter is { } deleteAfter && now - ended >= deleteAfter ? new DeleteSearch(listing.SearchId)
                : _retention.ArchiveAfter is { } archiveAfter && now - ended >= archiveAfter && !listing.Archived ? new ArchiveSearch(listing.SearchId)
                : null;
            if (clean is null) continue;
            _asked.Add(listing.SearchId);
            _searchRegion.Tell(clean);
        }
    }

    private void Apply(object e) => _searches = Apply(_searches, e);

    /// <summary>The listing after one of the index's journaled events; how a journal read without a cluster lists searches too.</summary>
    public static ImmutableSortedDictionary<string, SearchListing> Apply(ImmutableSortedDictionary<string, SearchListing> searches, object e) => e switch
    {
        Register r => searches.SetItem(r.SearchId, new SearchListing(r.SearchId, r.Name, Client.Models.SearchStatus.Running, r.SubmittedAt)),
        StatusChanged s when searches.TryGetValue(s.SearchId, out var listing) =>
            searches.SetItem(s.SearchId, listing with { Status = SearchViews.Status(s.Status), EndedAt = s.EndedAt }),
        Archived a when searches.TryGetValue(a.SearchId, out var listing) => searches.SetItem(a.SearchId, listing with { Archived = true }),
        Removed r => searches.Remove(r.SearchId),
        _ => searches,
    };

    /// <summary>Every search, oldest first.</summary>
    public static IReadOnlyList<SearchListing> Ordered(ImmutableSortedDictionary<string, SearchListing> searches) => [.. searches.Values.OrderBy(s => s.SubmittedAt)];
}
