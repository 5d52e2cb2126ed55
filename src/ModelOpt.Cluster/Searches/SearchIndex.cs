using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using ModelOpt.Client.Models;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// A persistent cluster singleton listing every search ever submitted with its latest status, so <c>list</c> does
/// not have to wake every search entity.
/// </summary>
public sealed class SearchIndex : ReceivePersistentActor
{
    public sealed record Register(string SearchId, string Name, DateTimeOffset SubmittedAt) : IModelOptMessage;

    public sealed record StatusChanged(string SearchId, Searches.SearchStatus Status) : IModelOptMessage;

    public sealed record List : IModelOptMessage;

    public sealed record Listing(IReadOnlyList<SearchListing> Searches) : IModelOptMessage;

    private ImmutableSortedDictionary<string, SearchListing> _searches = ImmutableSortedDictionary<string, SearchListing>.Empty;

    public SearchIndex()
    {
        Recover<Register>(Apply);
        Recover<StatusChanged>(Apply);
        Command<Register>(r => { if (!_searches.ContainsKey(r.SearchId)) Persist(r, Apply); });
        Command<StatusChanged>(s => { if (_searches.TryGetValue(s.SearchId, out var l) && l.Status != SearchViews.Status(s.Status)) Persist(s, Apply); });
        Command<List>(_ => Sender.Tell(new Listing(Ordered(_searches))));
    }

    public const string Id = "search-index";

    public override string PersistenceId => Id;

    public static Props Props() => Akka.Actor.Props.Create(() => new SearchIndex());

    private void Apply(object e) => _searches = Apply(_searches, e);

    /// <summary>The listing after one of the index's journaled events; how a journal read without a cluster lists searches too.</summary>
    public static ImmutableSortedDictionary<string, SearchListing> Apply(ImmutableSortedDictionary<string, SearchListing> searches, object e) => e switch
    {
        Register r => searches.SetItem(r.SearchId, new SearchListing(r.SearchId, r.Name, Client.Models.SearchStatus.Running, r.SubmittedAt)),
        StatusChanged s when searches.TryGetValue(s.SearchId, out var listing) => searches.SetItem(s.SearchId, listing with { Status = SearchViews.Status(s.Status) }),
        _ => searches,
    };

    /// <summary>Every search, oldest first.</summary>
    public static IReadOnlyList<SearchListing> Ordered(ImmutableSortedDictionary<string, SearchListing> searches) => [.. searches.Values.OrderBy(s => s.SubmittedAt)];
}
