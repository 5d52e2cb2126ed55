using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using Akka.Serialization;
using Akka.Util;
using LinqToDB;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// The node's journal: Akka.Persistence.Sql's SQL journal, whose tables, replay, deletes and queries it keeps (so old
/// journals read and tools that read the tables still work), with the write path replaced. Akka.Persistence.Sql built
/// a new SQL text per write batch through linq2db and opened a transaction per batch; under a search's small,
/// frequent writes that cost milliseconds of CPU per trial. Here every event is one row inserted by a prepared
/// statement over one open connection, and the writes of all entities that arrive while a batch is being stored are
/// committed together (<see cref="GroupCommitWriter"/>). Tagged events, which need the tag table, take the base path.
/// On SQLite the base path's writes (tagged events, deletes) take turns with the others (<see cref="SqliteWriteLock"/>).
/// </summary>
public sealed class GroupCommitSqlJournal : SqlWriteJournal
{
    private readonly GroupCommitWriter _writer;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly ConcurrentDictionary<string, Task> _writesInProgress = new(StringComparer.Ordinal);
    /// <summary>The SQLite file's write lock; null on PostgreSQL, whose writers do not exclude each other.</summary>
    private readonly SqliteWriteLock? _sqliteWriteLock;

    public GroupCommitSqlJournal(Config journalConfig) : base(journalConfig)
    {
        var config = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        var table = JournalTable.Of(config);
        var writerUuid = table.WriterUuid is null ? null : Guid.NewGuid().ToString("N");
        var connectionString = config.ConnectionString;
        var provider = config.ProviderName;
        _writer = new GroupCommitWriter(() => provider.StartsWith(ProviderName.PostgreSQL, StringComparison.Ordinal)
            ? new PostgresJournalRowStore(connectionString, table, writerUuid)
            : provider.StartsWith(ProviderName.SQLite, StringComparison.Ordinal)
                ? new SqliteJournalRowStore(connectionString, table, writerUuid)
                : throw new NotSupportedException($"the journal writes SQLite and PostgreSQL only, not '{provider}'"));
        _serialization = Context.System.Serialization;
        if (provider.StartsWith(ProviderName.SQLite, StringComparison.Ordinal)) _sqliteWriteLock = SqliteWriteLock.Of(connectionString);
    }

    protected override void PostStop()
    {
        _writer.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        base.PostStop();
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writesInProgress.TryGetValue(persistenceId, out var pending))
        {
            // Only that the write has ended matters here, not whether it succeeded.
            await pending.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        // A batch of DeferAsync calls alone (decided while the entity's previous write was stored) has nothing to
        // store; throwing here counted against the journal's circuit breaker, which opened after ten in a row.
        if (writes.Count == 0) return Task.FromResult<IImmutableList<Exception>>(null!);
        if (writes.Any(w => ((IImmutableList<IPersistentRepresentation>)w.Payload).Any(p => p.Payload is Tagged)))
            return _sqliteWriteLock is null
                ? base.WriteMessagesAsync(writes, cancellationToken)
                : _sqliteWriteLock.RunAsync(() => base.WriteMessagesAsync(writes, cancellationToken), cancellationToken);

        var now = DateTime.UtcNow.Ticks;
        var rejections = new Exception[writes.Count];
        var rows = new List<JournalRow>();
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                var events = (IImmutableList<IPersistentRepresentation>)writes[i].Payload;
                var serialized = Akka.Serialization.Serialization.WithTransport(_serialization.System, () => events.Select(e => Row(e, now)).ToList());
                rows.AddRange(serialized);
            }
            catch (Exception e)
            {
                // A payload that cannot be serialized is rejected alone; its actor is told, the others are written.
                rejections[i] = e;
            }
        }
        var written = rows.Count == 0 ? Task.CompletedTask : _writer.WriteAsync(rows);
        var persistenceId = writes[0].PersistenceId;
        _writesInProgress[persistenceId] = written;
        return Finish(written, persistenceId, rejections);
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _sqliteWriteLock is null
            ? base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken)
            : _sqliteWriteLock.RunAsync(() => base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken), cancellationToken);

    private async Task<IImmutableList<Exception>> Finish(Task written, string persistenceId, Exception[] rejections)
    {
        try
        {
            await written.ConfigureAwait(false);
        }
        finally
        {
            _writesInProgress.TryRemove(new KeyValuePair<string, Task>(persistenceId, written));
        }
        // Akka's contract: null when every write succeeded, else one entry per write (null for the ones that did).
        return rejections.All(r => r is null) ? null! : rejections.ToImmutableList<Exception>();
    }

    private JournalRow Row(IPersistentRepresentation e, long now)
    {
        var serializer = _serialization.FindSerializerFor(e.Payload);
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(e.Payload),
            { IncludeManifest: true } => e.Payload.GetType().TypeQualifiedName(),
            _ => string.Empty,
        };
        return new JournalRow(e.PersistenceId, e.SequenceNr, serializer.ToBinary(e.Payload), manifest, serializer.Identifier, e.Timestamp == 0 ? now : e.Timestamp);
    }
}
