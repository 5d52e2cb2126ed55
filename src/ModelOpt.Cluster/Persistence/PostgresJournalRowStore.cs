using Npgsql;
using NpgsqlTypes;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// Journal rows into PostgreSQL: one connection kept open, and a whole batch as one prepared statement that inserts
/// from arrays (<c>unnest</c>) — one round trip and one implicit transaction however many rows. The wait is synchronous
/// I/O on the writer's thread: the reply wakes that thread directly, where an awaited read went through the socket
/// engine and a thread-pool thread first (pg-commit in docs/benchmarks.md, issue 17).
/// </summary>
internal sealed class PostgresJournalRowStore : IJournalRowStore
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlParameter<long[]> _created, _sequenceNr;
    private readonly NpgsqlParameter<string[]> _persistenceId, _manifest;
    private readonly NpgsqlParameter<byte[][]> _message;
    private readonly NpgsqlParameter<int[]> _identifier;

    public PostgresJournalRowStore(string connectionString, JournalTable table, string? writerUuid)
    {
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        var uuidColumn = table.WriterUuid is null ? "" : $", {table.WriterUuid}";
        var uuidValue = table.WriterUuid is null ? "" : ", @uuid";
        _insert = new NpgsqlCommand(
            $"INSERT INTO {table.Name} ({table.Created}, {table.Deleted}, {table.PersistenceId}, {table.SequenceNumber}, {table.Message}, {table.Manifest}, {table.Identifier}{uuidColumn}) " +
            $"SELECT r.created, false, r.pid, r.seq, r.message, r.manifest, r.identifier{uuidValue} " +
            "FROM unnest(@created, @pid, @seq, @message, @manifest, @identifier) AS r(created, pid, seq, message, manifest, identifier)",
            _connection);
        _created = Add<long[]>("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        _persistenceId = Add<string[]>("pid", NpgsqlDbType.Array | NpgsqlDbType.Text);
        _sequenceNr = Add<long[]>("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        _message = Add<byte[][]>("message", NpgsqlDbType.Array | NpgsqlDbType.Bytea);
        _manifest = Add<string[]>("manifest", NpgsqlDbType.Array | NpgsqlDbType.Text);
        _identifier = Add<int[]>("identifier", NpgsqlDbType.Array | NpgsqlDbType.Integer);
        if (table.WriterUuid is not null) _insert.Parameters.Add(new NpgsqlParameter<string?>("uuid", NpgsqlDbType.Text) { TypedValue = writerUuid });
        _insert.Prepare();
    }

    public void Insert(IReadOnlyList<JournalRow> rows)
    {
        _created.TypedValue = [.. rows.Select(r => r.Created)];
        _persistenceId.TypedValue = [.. rows.Select(r => r.PersistenceId)];
        _sequenceNr.TypedValue = [.. rows.Select(r => r.SequenceNr)];
        _message.TypedValue = [.. rows.Select(r => r.Message)];
        _manifest.TypedValue = [.. rows.Select(r => r.Manifest)];
        _identifier.TypedValue = [.. rows.Select(r => r.Identifier)];
        _insert.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    private NpgsqlParameter<T> Add<T>(string name, NpgsqlDbType type)
    {
        var parameter = new NpgsqlParameter<T>(name, type);
        _insert.Parameters.Add(parameter);
        return parameter;
    }
}
