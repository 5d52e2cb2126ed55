using System.Collections.Immutable;
using System.Data.Common;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Search;

namespace ModelOpt.Cluster.Journal;

/// <summary>
/// Reads what a cluster journaled, without a cluster: the search index's events for the list of searches, and a
/// search's latest snapshot plus the events after it, replayed through <see cref="SearchState.Apply"/> exactly as a
/// recovering search entity does. It reads the tables Akka.Persistence.Sql writes (<c>journal</c>, <c>snapshot</c>) and
/// only ever SELECTs. Specs are read with <c>catalog</c>, which must know the searchers and schedulers the
/// searches used (their workload kinds need not be known).
/// </summary>
public sealed class JournalReader(JournalConnection journal, SearchCatalog catalog)
{
    public JournalConnection Journal => journal;

    /// <summary>Every search in the journal, oldest first.</summary>
    public async Task<IReadOnlyList<SearchListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        var listings = ImmutableSortedDictionary<string, SearchListing>.Empty;
        await foreach (var e in EventsAsync(SearchIndex.Id, 0, cancellationToken)) listings = SearchIndex.Apply(listings, e);
        return SearchIndex.Ordered(listings);
    }

    /// <summary>The search as its entity would recover it; null when nothing was submitted under the id.</summary>
    public async Task<SearchState?> LoadAsync(string searchId, CancellationToken cancellationToken = default)
    {
        var persistenceId = SearchEntity.PersistenceIdOf(searchId);
        var (state, after) = await SnapshotAsync(searchId, persistenceId, cancellationToken);
        await foreach (var e in EventsAsync(persistenceId, after, cancellationToken))
            if (e is ISearchEvent searchEvent) state = state.Apply(searchEvent);
        return state.Spec is null ? null : state;
    }

    /// <summary>
    /// Every event the search journaled, in order from the first, snapshots ignored: what a replay from scratch applies
    /// (the fault tests' checker replays it and compares the state with the one the cluster shows).
    /// </summary>
    public async Task<IReadOnlyList<ISearchEvent>> HistoryAsync(string searchId, CancellationToken cancellationToken = default)
    {
        var events = new List<ISearchEvent>();
        await foreach (var e in EventsAsync(SearchEntity.PersistenceIdOf(searchId), 0, cancellationToken))
            if (e is ISearchEvent searchEvent) events.Add(searchEvent);
        return events;
    }

    private async Task<(SearchState State, long After)> SnapshotAsync(string searchId, string persistenceId, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT sequence_number, manifest, snapshot FROM snapshot WHERE persistence_id = @id ORDER BY sequence_number DESC LIMIT 1",
            ("@id", persistenceId));
        await using var reader = await ExecuteAsync(command, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return (SearchState.Empty(searchId, catalog), 0);
        var snapshot = Read(reader.GetString(1), (byte[])reader.GetValue(2), persistenceId) as SearchStateSnapshot
                       ?? throw new JournalException($"journal {journal.Description}: the snapshot of '{persistenceId}' is not a search's");
        return (SearchState.FromSnapshot(snapshot, catalog), reader.GetInt64(0));
    }

    private async IAsyncEnumerable<object> EventsAsync(string persistenceId, long after,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT manifest, message FROM journal WHERE persistence_id = @id AND sequence_number > @after AND NOT deleted ORDER BY sequence_number",
            ("@id", persistenceId), ("@after", after));
        await using var reader = await ExecuteAsync(command, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return Read(reader.GetString(0), (byte[])reader.GetValue(1), persistenceId);
    }

    private object Read(string manifest, byte[] bytes, string persistenceId)
    {
        try
        {
            return ModelOptSerializer.Read(bytes, manifest, ModelOptSerializer.JournalOptions);
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or System.Text.Json.JsonException)
        {
            throw new JournalException($"journal {journal.Description}: an entry of '{persistenceId}' ({manifest}) cannot be read: {e.Message}");
        }
    }

    private async Task<DbDataReader> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (DbException e)
        {
            // A database without the journal's tables: nothing was ever journaled there, or it is not a journal.
            throw new JournalException($"journal {journal.Description}: not a ModelOpt journal ({e.Message})");
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
