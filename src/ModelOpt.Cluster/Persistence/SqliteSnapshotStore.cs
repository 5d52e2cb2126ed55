using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Snapshot;
using Akka.Serialization;
using Akka.Util;
using Microsoft.Data.Sqlite;
using static ModelOpt.Cluster.Persistence.SqlName;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// The snapshot store on a SQLite file: Akka.Persistence.Sql's, whose table and loads it keeps, with its writes
/// taking turns with the journal's (<see cref="SqliteWriteLock"/>). A snapshot is serialized before the turn is taken:
/// Akka.Persistence.Sql serialized it inside its write transaction, so the journal's writes waited through the encoding
/// of a whole search's state, then slept in SQLite's busy retry (a journal write p99 over 100 ms; docs/benchmarks.md, issue 17).
/// Deletes are one prepared statement each: Akka.Persistence.Sql's built its query while holding the turn, 77–112 ms
/// of the journal's waiting after a process's first snapshot.
/// </summary>
public sealed class SqliteSnapshotStore : SqlSnapshotStore
{
    private readonly SnapshotConfig _config;
    private readonly SqliteWriteLock _writeLock;
    private readonly string _insert;
    private readonly string _delete;
    private readonly Akka.Serialization.Serialization _serialization;

    public SqliteSnapshotStore(Config snapshotConfig) : base(snapshotConfig)
    {
        _config = new SnapshotConfig(snapshotConfig.WithFallback(SqlPersistence.DefaultSnapshotConfiguration));
        _writeLock = SqliteWriteLock.Of(_config.ConnectionString);
        _insert = InsertText(_config.TableConfig);
        _delete = DeleteText(_config.TableConfig);
        _serialization = Context.System.Serialization;
    }

    protected override async Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        // Off the store's actor thread, which reads and deletes meanwhile.
        var (payload, manifest, serializerId) = await Task.Run(() => Serialize(snapshot), cancellationToken).ConfigureAwait(false);
        await _writeLock.RunAsync(() =>
        {
            Insert(metadata, payload, manifest, serializerId);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The one snapshot <paramref name="metadata"/> names (by entity and sequence number, as Akka.Persistence.Sql's).</summary>
    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        Delete(metadata.PersistenceId, metadata.SequenceNr, metadata.SequenceNr, DateTime.MinValue, DateTime.MaxValue, cancellationToken);

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Delete(persistenceId, criteria.MinSequenceNr, criteria.MaxSequenceNr, criteria.MinTimestamp ?? DateTime.MinValue, criteria.MaxTimeStamp, cancellationToken);

    private Task Delete(string persistenceId, long minSequenceNr, long maxSequenceNr, DateTime minCreated, DateTime maxCreated, CancellationToken cancellationToken) =>
        _writeLock.RunAsync(() =>
        {
            using var connection = OpenWriter();
            using var command = connection.CreateCommand();
            command.CommandText = _delete;
            command.Parameters.AddWithValue("$pid", persistenceId);
            command.Parameters.AddWithValue("$minSeq", minSequenceNr);
            command.Parameters.AddWithValue("$maxSeq", maxSequenceNr);
            command.Parameters.AddWithValue("$minCreated", minCreated.Ticks);
            command.Parameters.AddWithValue("$maxCreated", maxCreated.Ticks);
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// A pooled connection per write: snapshots are rare, and the store keeps no connection of its own to close. Synced at
    /// checkpoints, which it leaves to the journal's checkpointer, as every connection the journal opens (Hosting.SqliteJournalFile).
    /// </summary>
    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_config.ConnectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = Hosting.SqliteJournalFile.WriterPragmas;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private void Insert(SnapshotMetadata metadata, byte[] payload, string manifest, int serializerId)
    {
        using var connection = OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = _insert;
        command.Parameters.AddWithValue("$pid", metadata.PersistenceId);
        command.Parameters.AddWithValue("$seq", metadata.SequenceNr);
        command.Parameters.AddWithValue("$created", metadata.Timestamp.Ticks);
        command.Parameters.AddWithValue("$snapshot", payload);
        command.Parameters.AddWithValue("$manifest", manifest);
        command.Parameters.AddWithValue("$serializer", serializerId);
        command.ExecuteNonQuery();
    }

    /// <summary>The payload, manifest and serializer as Akka.Persistence.Sql's snapshot reader expects them.</summary>
    private (byte[] Payload, string Manifest, int SerializerId) Serialize(object snapshot)
    {
        var serializer = _serialization.FindSerializerForType(snapshot.GetType(), _config.DefaultSerializer);
        var payload = Akka.Serialization.Serialization.WithTransport(_serialization.System, () => serializer.ToBinary(snapshot));
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(snapshot),
            { IncludeManifest: true } => snapshot.GetType().TypeQualifiedName(),
            _ => string.Empty,
        };
        return (payload, manifest, serializer.Identifier);
    }

    private static string TableName(SnapshotTableConfiguration tableConfig) =>
        string.IsNullOrEmpty(tableConfig.SchemaName) ? Quote(tableConfig.SnapshotTable.Name) : $"{Quote(tableConfig.SchemaName)}.{Quote(tableConfig.SnapshotTable.Name)}";

    /// <summary>The snapshots of one entity within a range of sequence numbers and of creation times, bounds included.</summary>
    private static string DeleteText(SnapshotTableConfiguration tableConfig)
    {
        var columns = tableConfig.SnapshotTable.ColumnNames;
        return $"DELETE FROM {TableName(tableConfig)} WHERE {Quote(columns.PersistenceId)} = $pid " +
            $"AND {Quote(columns.SequenceNumber)} BETWEEN $minSeq AND $maxSeq AND {Quote(columns.Created)} BETWEEN $minCreated AND $maxCreated";
    }

    /// <summary>An insert that replaces a snapshot of the same entity and sequence number, as Akka.Persistence.Sql's does.</summary>
    private static string InsertText(SnapshotTableConfiguration tableConfig)
    {
        var columns = tableConfig.SnapshotTable.ColumnNames;
        return $"INSERT OR REPLACE INTO {TableName(tableConfig)} ({Quote(columns.PersistenceId)}, {Quote(columns.SequenceNumber)}, {Quote(columns.Created)}, " +
            $"{Quote(columns.Snapshot)}, {Quote(columns.Manifest)}, {Quote(columns.SerializerId)}) VALUES ($pid, $seq, $created, $snapshot, $manifest, $serializer)";
    }
}
