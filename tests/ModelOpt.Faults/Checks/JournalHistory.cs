using System.Data.Common;
using Akka.Actor;
using Microsoft.Data.Sqlite;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Training;
using Npgsql;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// A search's journaled events, read straight from the journal's table (SQLite file or PostgreSQL) and decoded by the
/// product's serializer, in sequence order. Snapshots are ignored: the checker replays from the first event.
/// </summary>
public sealed record JournalHistory(string SearchId, IReadOnlyList<ISearchEvent> Events)
{
    /// <param name="journal">What the node's <c>--journal</c> was: a SQLite path or a <c>Host=…</c> connection string.</param>
    public static JournalHistory Read(string journal, string searchId)
    {
        var (connectionString, provider) = PersistenceHostingExtensions.Resolve(journal);
        using DbConnection connection = provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString + ";Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = @id AND deleted = @no ORDER BY sequence_number";
        AddParameter(command, "@id", $"search-{searchId}");
        AddParameter(command, "@no", false);
        var rows = new List<(string Manifest, byte[] Body)>();
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                rows.Add((reader.GetString(0), (byte[])reader[1]));
        return new JournalHistory(searchId, Decode(rows));
    }

    /// <summary>Applies every event to an empty search, as recovery without a snapshot would (on a node: with its workload kinds).</summary>
    public SearchState Replay()
    {
        TrainingWorkloads.Register();
        return Events.Aggregate(SearchState.Empty(SearchId), (state, e) => state.Apply(e));
    }

    private static List<ISearchEvent> Decode(IReadOnlyList<(string Manifest, byte[] Body)> rows)
    {
        // The serializer wants an actor system (for actor references, which no journaled event holds): a local one.
        using var system = ActorSystem.Create("journal-reader", "akka.loglevel = ERROR\nakka.stdout-loglevel = ERROR");
        var serializer = new ModelOptSerializer((ExtendedActorSystem)system);
        return [.. rows.Select(row => serializer.FromBinary(row.Body, row.Manifest)).OfType<ISearchEvent>()];
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
