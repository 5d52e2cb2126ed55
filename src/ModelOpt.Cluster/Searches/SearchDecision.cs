namespace ModelOpt.Cluster.Searches;

/// <summary>The events a command produced and the state after applying them, in order. No events: nothing to journal.</summary>
public sealed record SearchDecision(IReadOnlyList<ISearchEvent> Events, SearchState State)
{
    public static SearchDecision None(SearchState state) => new([], state);
}
