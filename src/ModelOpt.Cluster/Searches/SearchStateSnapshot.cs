namespace ModelOpt.Cluster.Searches;

/// <summary>
/// What a search entity saves every so many events (the snapshot store's copy of a <see cref="SearchState"/>, not the
/// view <see cref="SearchViews"/> makes of it): recovery starts from it and applies only the events after it. The searcher and
/// scheduler are rebuilt by making <paramref name="AlgorithmCalls"/> again, in order, so they end up exactly as they were.
/// </summary>
public sealed record SearchStateSnapshot(
    string SearchId,
    string SpecText,
    SearchStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    bool SearcherExhausted,
    IReadOnlyList<TrialState> Trials,
    IReadOnlyList<AlgorithmCall> AlgorithmCalls) : IModelOptMessage
{
    /// <summary>The search's trace (see <see cref="SearchState.TraceParent"/>); null in snapshots from older nodes.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The state's <see cref="SearchState.Version"/>; 0 in snapshots from older nodes.</summary>
    public long Version { get; init; }
    /// <summary>See <see cref="SearchSubmitted.DefaultSearcher"/>; null in snapshots from older nodes.</summary>
    public string? DefaultSearcher { get; init; }
}
