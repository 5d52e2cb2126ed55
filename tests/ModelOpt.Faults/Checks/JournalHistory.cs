using ModelOpt.Cluster.Journal;
using ModelOpt.Cluster.Searches;
using ModelOpt.Training;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// A search's journaled events from the first, read with the product's <see cref="JournalReader"/> (SQLite or PostgreSQL)
/// and the node's kinds (<see cref="TrainingCatalog.Default"/>).
/// </summary>
public sealed record JournalHistory(string SearchId, IReadOnlyList<ISearchEvent> Events)
{
    /// <param name="journal">What the node's <c>--journal</c> was: a SQLite path or a <c>Host=…</c> connection string.</param>
    public static async Task<JournalHistory> ReadAsync(string journal, string searchId, CancellationToken cancellationToken = default) =>
        new(searchId, await new JournalReader(JournalConnection.For(journal), TrainingCatalog.Default).HistoryAsync(searchId, cancellationToken));

    /// <summary>Applies every event to an empty search, as recovery without a snapshot would (on a node: with its workload kinds).</summary>
    public SearchState Replay() => Events.Aggregate(SearchState.Empty(SearchId, TrainingCatalog.Default), (state, e) => state.Apply(e));
}
