using System.Collections.Immutable;
using ModelOpt.Search;
using ModelOpt.Search.Specs;

namespace ModelOpt.Cluster.Searches;

public sealed partial record SearchState
{
    /// <summary>This state as the snapshot store keeps it. Call it right after deciding: the algorithms are shared by later states.</summary>
    public SearchStateSnapshot ToSnapshot() =>
        new(SearchId, RequiredSpec.Source, Status, SubmittedAt, EndedAt, EndReason, SearcherExhausted, Trials, [.. Algorithms!.Calls])
        {
            TraceParent = TraceParent,
            Version = Version,
            DefaultSearcher = DefaultSearcher,
        };

    /// <summary>The state a snapshot was taken of; applying the events journaled after it continues the search.</summary>
    /// <param name="catalog">The kinds the search's spec is read and its algorithms built with.</param>
    public static SearchState FromSnapshot(SearchStateSnapshot snapshot, SearchCatalog catalog)
    {
        var defaultSearcher = snapshot.DefaultSearcher ?? SpecParser.FormerDefaultSearcher;
        var spec = SpecParser.ParseAccepted(snapshot.SpecText, catalog, defaultSearcher);
        var trials = snapshot.Trials.ToImmutableList();
        var index = TrialIndex.Empty;
        for (var i = 0; i < trials.Count; i++) index = index.Added(trials[i], i);
        var state = new SearchState(snapshot.SearchId, catalog)
        {
            Status = snapshot.Status,
            Spec = spec,
            SubmittedAt = snapshot.SubmittedAt,
            EndedAt = snapshot.EndedAt,
            EndReason = snapshot.EndReason,
            SearcherExhausted = snapshot.SearcherExhausted,
            Trials = trials,
            Index = index,
            Algorithms = SearchAlgorithms.Replay(spec, catalog, snapshot.AlgorithmCalls),
            TraceParent = snapshot.TraceParent,
            Version = snapshot.Version,
            DefaultSearcher = defaultSearcher,
        };
        for (var i = 0; i < trials.Count; i++) state = state.WithBestOf(i);
        return state;
    }
}
