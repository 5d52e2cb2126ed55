using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using ModelOpt.Cluster.Persistence;

namespace ModelOpt.Cluster.Hosting;

public static class PersistenceHostingExtensions
{
    /// <summary>
    /// The journal and snapshot store. <paramref name="journal"/>: null for in-memory (tests), a connection string
    /// starting with <c>Host=</c> for PostgreSQL, anything else a SQLite file path (or <c>Data Source=…</c>).
    /// Tables are created on first use; a SQLite file is set up as <see cref="SqliteJournalFile"/> describes, and its
    /// snapshots are written by <see cref="SqliteSnapshotStore"/>, which takes turns with the journal's writer.
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptPersistence(this AkkaConfigurationBuilder builder, string? journal)
    {
        if (string.IsNullOrWhiteSpace(journal)) return builder.WithInMemoryJournal().WithInMemorySnapshotStore();
        var (connectionString, provider) = Resolve(journal);
        if (provider != ProviderName.SQLiteMS) return builder.WithSqlPersistence(connectionString, provider, autoInitialize: true).WithGroupCommitWrites();

        SqliteJournalFile.UseWriteAheadLog(connectionString);
        var dataOptions = SqliteJournalFile.DataOptions(connectionString);
        return builder
            .AddHocon(SqliteJournalFile.OneWriter, HoconAddMode.Prepend)
            .WithSqlPersistence(
            new Akka.Persistence.Sql.Hosting.SqlJournalOptions(isDefaultPlugin: true) { ConnectionString = connectionString, ProviderName = provider, AutoInitialize = true, DataOptions = dataOptions },
            new Akka.Persistence.Sql.Hosting.SqlSnapshotOptions(isDefaultPlugin: true) { ConnectionString = connectionString, ProviderName = provider, AutoInitialize = true, DataOptions = dataOptions })
            .WithGroupCommitWrites()
            .AddHocon($"akka.persistence.snapshot-store.sql.class = \"{typeof(SqliteSnapshotStore).AssemblyQualifiedName}\"", HoconAddMode.Prepend);
    }

    /// <summary>The SQL journal's writes go through <see cref="GroupCommitSqlJournal"/>; everything else stays Akka.Persistence.Sql's.</summary>
    private static AkkaConfigurationBuilder WithGroupCommitWrites(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon($"akka.persistence.journal.sql.class = \"{typeof(GroupCommitSqlJournal).AssemblyQualifiedName}\"", HoconAddMode.Prepend);

    public static (string ConnectionString, string Provider) Resolve(string journal)
    {
        if (journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)) return (journal, ProviderName.PostgreSQL);
        if (journal.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)) return (journal, ProviderName.SQLiteMS);
        var directory = Path.GetDirectoryName(Path.GetFullPath(journal));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return ($"Data Source={Path.GetFullPath(journal)}", ProviderName.SQLiteMS);
    }
}
