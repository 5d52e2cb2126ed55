using Microsoft.Data.Sqlite;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// Journal rows into a SQLite file: one connection kept open (syncing at checkpoints only, see
/// <see cref="Hosting.SqliteJournalFile"/>), one prepared insert reused for every row, one transaction per batch, taking
/// turns with the process's other writers of the file (<see cref="SqliteWriteLock"/>), and the checkpoints left to a
/// thread of their own (<see cref="WalCheckpointer"/>).
/// </summary>
internal sealed class SqliteJournalRowStore : IJournalRowStore
{
    private readonly SqliteWriteLock _writeLock;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _created, _persistenceId, _sequenceNr, _message, _manifest, _identifier;
    private readonly WalCheckpointer _checkpointer;

    /// <param name="checkpointDelay">From a commit to the checkpoint that copies it into the database file (default <see cref="WalCheckpointer.DefaultDelay"/>).</param>
    public SqliteJournalRowStore(string connectionString, JournalTable table, string? writerUuid, TimeSpan? checkpointDelay = null)
    {
        _writeLock = SqliteWriteLock.Of(connectionString);
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = Hosting.SqliteJournalFile.WriterPragmas;
            pragma.ExecuteNonQuery();
        }
        _insert = _connection.CreateCommand();
        var uuidColumn = table.WriterUuid is null ? "" : $", {table.WriterUuid}";
        var uuidValue = table.WriterUuid is null ? "" : ", $uuid";
        _insert.CommandText =
            $"INSERT INTO {table.Name} ({table.Created}, {table.Deleted}, {table.PersistenceId}, {table.SequenceNumber}, {table.Message}, {table.Manifest}, {table.Identifier}{uuidColumn}) " +
            $"VALUES ($created, 0, $pid, $seq, $message, $manifest, $identifier{uuidValue})";
        _created = _insert.Parameters.Add("$created", SqliteType.Integer);
        _persistenceId = _insert.Parameters.Add("$pid", SqliteType.Text);
        _sequenceNr = _insert.Parameters.Add("$seq", SqliteType.Integer);
        _message = _insert.Parameters.Add("$message", SqliteType.Blob);
        _manifest = _insert.Parameters.Add("$manifest", SqliteType.Text);
        _identifier = _insert.Parameters.Add("$identifier", SqliteType.Integer);
        if (table.WriterUuid is not null) _insert.Parameters.AddWithValue("$uuid", (object?)writerUuid ?? DBNull.Value);
        _insert.Prepare();
        _checkpointer = new WalCheckpointer(connectionString, checkpointDelay ?? WalCheckpointer.DefaultDelay);
    }

    public void Insert(IReadOnlyList<JournalRow> rows)
    {
        _writeLock.Run(() =>
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var row in rows)
            {
                _created.Value = row.Created;
                _persistenceId.Value = row.PersistenceId;
                _sequenceNr.Value = row.SequenceNr;
                _message.Value = row.Message;
                _manifest.Value = row.Manifest;
                _identifier.Value = row.Identifier;
                _insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }, CancellationToken.None);
        _checkpointer.Committed();
    }

    public void Dispose()
    {
        _checkpointer.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }
}
