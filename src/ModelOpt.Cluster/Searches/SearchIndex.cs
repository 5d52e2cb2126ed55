using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// A persistent cluster singleton listing every search ever submitted with its latest status, so <c>list</c> does
/// not have to wake every search entity. It also applies the journal retention (<see cref="RetentionOptions"/>): every
/// so often (a minute by default), searches that ended long enough ago are archived or deleted through their entities, which report back.
/// </summary>
public sealed class SearchIndex : ReceivePersistentActor, IWithTimers
{
    public sealed record Register(string SearchId, string Name, DateTimeOffset SubmittedAt) : IModelOptMessage;

    public sealed record StatusChanged(string SearchId, SearchStatus Status) : IModelOptMessage
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

    private readonly IActorRef _searches;
    private readonly RetentionOptions _retention;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, SearchListing> _listings = ImmutableSortedDictionary<string, SearchListing>.Empty;

    public ITimerScheduler Timers { get; set; } = null!;

    public SearchIndex(IActorRef searches, RetentionOptions retention)
    {
        _searches = searches;
        _retention = retention;
        Recover<Register>(Apply);
        Recover<StatusChanged>(Apply);
        Recover<Archived>(Apply);
        Recover<Removed>(Apply);
        Command<Register>(r => { if (!_listings.ContainsKey(r.SearchId)) Persist(r, Apply); });
        Command<StatusChanged>(s =>
        {
            if (_listings.TryGetValue(s.SearchId, out var l) && (l.Status != s.Status || l.EndedAt != s.EndedAt)) Persist(s, Apply);
        });
        Command<Archived>(a => { if (_listings.TryGetValue(a.SearchId, out var l) && !l.Archived) Persist(a, Apply); });
        Command<Removed>(r => { if (_listings.ContainsKey(r.SearchId)) Persist(r, Apply); });
        Command<List>(_ => Sender.Tell(new Listing([.. _listings.Values.OrderBy(s => s.SubmittedAt)])));
        Command<ApplyRetention>(_ => Retain(DateTimeOffset.UtcNow));
        Command<SearchCleaned>(c =>
        {
            _asked.Remove(c.SearchId);
            if (c.Refused is { } refused) _log.Warning("Retention: search {0} was not {1}: {2}", c.SearchId, c.Action, refused);
        });
        Command<Status.Failure>(f => _log.Warning("Retention: a search could not be cleaned: {0}", f.Cause.Message));
    }

    public override string PersistenceId => "search-index";

    public static Props Props(IActorRef searches, RetentionOptions? retention = null) =>
        Akka.Actor.Props.Create(() => new SearchIndex(searches, retention ?? RetentionOptions.KeepAll));

    protected override void PreStart()
    {
        if (!_retention.IsKeepAll) Timers.StartPeriodicTimer("retention", new ApplyRetention(), _retention.CheckEvery);
    }

    /// <summary>Asks the entities of searches past their retention to archive or delete themselves; each is asked once per run of this index.</summary>
    private void Retain(DateTimeOffset now)
    {
        foreach (var listing in _listings.Values)
        {
            if (listing is not { EndedAt: { } ended, Status: SearchStatus.Finished or SearchStatus.Cancelled } || _asked.Contains(listing.SearchId)) continue;
            ISearchMessage? clean =
                _retention.DeleteAfter is { } deleteAfter && now - ended >= deleteAfter ? new DeleteSearch(listing.SearchId)
                : _retention.ArchiveAfter is { } archiveAfter && now - ended >= archiveAfter && !listing.Archived ? new ArchiveSearch(listing.SearchId)
                : null;
            if (clean is null) continue;
            _asked.Add(listing.SearchId);
            _searches.Tell(clean);
        }
    }

    private void Apply(Register r) =>
        _listings = _listings.SetItem(r.SearchId, new SearchListing(r.SearchId, r.Name, SearchStatus.Running, r.SubmittedAt));

    private void Apply(StatusChanged s)
    {
        if (_listings.TryGetValue(s.SearchId, out var listing)) _listings = _listings.SetItem(s.SearchId, listing with { Status = s.Status, EndedAt = s.EndedAt });
    }

    private void Apply(Archived a)
    {
        if (_listings.TryGetValue(a.SearchId, out var listing)) _listings = _listings.SetItem(a.SearchId, listing with { Archived = true });
    }

    private void Apply(Removed r) => _listings = _listings.Remove(r.SearchId);
}

/// <summary><paramref name="EndedAt"/>: when it finished or was cancelled. <paramref name="Archived"/>: its events were compacted into a snapshot.</summary>
public sealed record SearchListing(string SearchId, string Name, SearchStatus Status, DateTimeOffset SubmittedAt)
{
    public DateTimeOffset? EndedAt { get; init; }

    public bool Archived { get; init; }
}
