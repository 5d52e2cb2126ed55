using ModelOpt.Cluster.Persistence;
using ModelOpt.Node.Tests.Support;
using Npgsql;
using Xunit;

namespace ModelOpt.Cluster.Tests.Persistence;

/// <summary>
/// The PostgreSQL row store on a real server (started by each test on port 55433; skipped where the server binaries are
/// not installed): the columns Akka's reader expects, a batch as one transaction, and through the group-commit writer
/// every acknowledged write stored exactly once, in order.
/// </summary>
public sealed class PostgresJournalRowStoreTests : IDisposable
{
    private static readonly JournalTable Table = new("\"journal\"", "\"created\"", "\"deleted\"", "\"persistence_id\"", "\"sequence_number\"",
        "\"message\"", "\"manifest\"", "\"identifier\"", "\"writer_uuid\"");

    private PostgresServer? _server;
    /// <summary>Unpooled: each test's server is new on the same port, where a pooled connection would be the last one's, dead.</summary>
    private string _connectionString = "";

    public void Dispose() => _server?.Dispose();

    private string Start()
    {
        _server = PostgresServer.Start(55433);
        _connectionString = $"{_server.ConnectionString};Pooling=false";
        using var connection = Open();
        // Akka.Persistence.Sql's PostgreSQL journal table: the ordering column and the unique key the store relies on.
        using var create = new NpgsqlCommand(
            "CREATE TABLE journal (ordering bigserial PRIMARY KEY, created bigint NOT NULL, deleted boolean NOT NULL, persistence_id text NOT NULL, " +
            "sequence_number bigint NOT NULL, message bytea NOT NULL, manifest text, identifier integer, writer_uuid text, " +
            "CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number))", connection);
        create.ExecuteNonQuery();
        return _connectionString;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Every row in <c>ordering</c> order: persistence id, sequence number, manifest, identifier, deleted, writer, message length.</summary>
    private List<string> Rows()
    {
        using var connection = Open();
        using var select = new NpgsqlCommand("SELECT persistence_id, sequence_number, manifest, identifier, deleted, writer_uuid, length(message), created FROM journal ORDER BY ordering", connection);
        using var reader = select.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add($"{reader.GetString(0)}:{reader.GetInt64(1)} {reader.GetString(2)} {reader.GetInt32(3)} {reader.GetBoolean(4)} {reader.GetString(5)} {reader.GetInt32(6)} {reader.GetInt64(7)}");
        return rows;
    }

    [PostgresFact]
    public void Rows_are_written_in_order_with_the_columns_the_Akka_reader_expects_and_a_refused_batch_writes_none()
    {
        var connectionString = Start();
        using var store = new PostgresJournalRowStore(connectionString, Table, "w1");
        store.Insert([new JournalRow("search-a", 1, [1, 2, 3], "trial-started.1", 4711, 10), new JournalRow("search-a", 2, [4], "trial-reported.1", 4711, 11)]);
        Assert.Throws<PostgresException>(() =>
            store.Insert([new JournalRow("search-b", 1, [5], "m", 1, 12), new JournalRow("search-a", 2, [6], "m", 1, 13)]));
        store.Insert([new JournalRow("search-b", 1, [5, 6], "trial-started.1", 4711, 14)]);

        Assert.Equal(["search-a:1 trial-started.1 4711 False w1 3 10", "search-a:2 trial-reported.1 4711 False w1 1 11", "search-b:1 trial-started.1 4711 False w1 2 14"], Rows());
    }

    [PostgresFact]
    public async Task Every_acknowledged_write_is_stored_once_in_sequence_order_and_a_refused_one_not_at_all()
    {
        var connectionString = Start();
        await using (var writer = new GroupCommitWriter(() => new PostgresJournalRowStore(connectionString, Table, "w1")))
        {
            // Ten entities, each one write at a time as Akka's persistent actors write, all at once: batches of several.
            var entities = Enumerable.Range(0, 10).Select(async e =>
            {
                for (var sequenceNr = 1; sequenceNr <= 40; sequenceNr += 2)
                    await writer.WriteAsync([Row($"search-{e}", sequenceNr), Row($"search-{e}", sequenceNr + 1)]);
            }).ToList();
            var duplicate = writer.WriteAsync([Row("search-dup", 1), Row("search-dup", 1)]);
            await Task.WhenAll(entities);
            await Assert.ThrowsAsync<PostgresException>(() => duplicate);
        }

        var rows = Rows().Select(r => r.Split(' ')[0].Split(':')).Select(r => (Id: r[0], SequenceNr: long.Parse(r[1]))).ToList();
        Assert.DoesNotContain(rows, r => r.Id == "search-dup");
        foreach (var entity in rows.GroupBy(r => r.Id))
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entity.Select(r => r.SequenceNr));
        Assert.Equal(10 * 40, rows.Count);
    }

    private static JournalRow Row(string persistenceId, long sequenceNr) => new(persistenceId, sequenceNr, [1], "m", 1, 0);
}
