using System.Data.Common;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;

namespace ModelOpt.Cluster.Hosting;

/// <summary>
/// How the journal uses a SQLite file. The file is put in write-ahead-log mode once (the mode is stored in the file):
/// a commit appends to the log instead of rewriting pages through a rollback journal. Every connection the journal
/// opens then syncs at checkpoints only (<c>synchronous=NORMAL</c>) rather than on each commit: a killed or crashed
/// process loses nothing the journal acknowledged; only an operating-system crash or power cut can drop the last
/// commits. A sync costs milliseconds on ordinary disks and would otherwise bound every trial's dispatch latency;
/// use PostgreSQL where acknowledged events must survive the machine. Nor does any of them checkpoint: the journal's
/// <see cref="Persistence.WalCheckpointer"/> does, off the write path.
/// </summary>
internal static class SqliteJournalFile
{
    /// <summary>Every writing connection's settings: sync at checkpoints only, and leave the checkpoints to the checkpointer.</summary>
    public const string WriterPragmas = "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;";

    /// <summary>
    /// SQLite has one writer at a time: the journal's default of three concurrent write batches would only make the
    /// others wait in SQLite's busy handler, which sleeps in steps of up to 100 ms. One writer with larger batches instead.
    /// </summary>
    public const string OneWriter = "akka.persistence.journal.sql.parallelism = 1";

    public static void UseWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The journal's database options: the connection string with the per-connection setting applied on open.</summary>
    public static DataOptions DataOptions(string connectionString) =>
        new DataOptions().UseConnectionString(ProviderName.SQLiteMS, connectionString).UseInterceptor(new SyncAtCheckpoints());

    private sealed class SyncAtCheckpoints : ConnectionInterceptor
    {
        public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

        public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = WriterPragmas;
            command.ExecuteNonQuery();
        }
    }
}
