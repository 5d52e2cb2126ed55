using Microsoft.Data.Sqlite;
using ModelOpt.Cluster.Persistence;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Persistence;

public sealed class SqliteJournalRowStoreTests : IDisposable
{
    private static readonly JournalTable Table = new("\"journal\"", "\"created\"", "\"deleted\"", "\"persistence_id\"", "\"sequence_number\"",
        "\"message\"", "\"manifest\"", "\"identifier\"", "\"writer_uuid\"");

    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-journal-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "journal.db")};Pooling=false";

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The journal table as Akka.Persistence.Sql creates it in SQLite (default mapping).</summary>
    private void CreateTable()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE journal (ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
              persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
              manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
            CREATE UNIQUE INDEX journal_uq ON journal (persistence_id, sequence_number);
            """;
        command.ExecuteNonQuery();
    }

    private List<string> Rows()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, manifest, identifier, deleted, writer_uuid, length(message) FROM journal ORDER BY ordering";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add($"{reader.GetString(0)}:{reader.GetInt64(1)} {reader.GetString(2)} {reader.GetInt32(3)} {reader.GetInt32(4)} {reader.GetString(5)} {reader.GetInt32(6)}");
        return rows;
    }

    [Fact]
    public void Rows_are_written_in_order_with_the_columns_the_Akka_reader_expects()
    {
        CreateTable();
        using (var store = new SqliteJournalRowStore(ConnectionString, Table, "w1"))
        {
            store.Insert([new JournalRow("search-a", 1, [1, 2, 3], "trial-started.1", 4711, 10), new JournalRow("search-a", 2, [4], "trial-reported.1", 4711, 11)]);
            store.Insert([new JournalRow("search-b", 1, [5, 6], "trial-started.1", 4711, 12)]);
        }

        Assert.Equal(["search-a:1 trial-started.1 4711 0 w1 3", "search-a:2 trial-reported.1 4711 0 w1 1", "search-b:1 trial-started.1 4711 0 w1 2"], Rows());
    }

    /// <summary>Rows enough to grow the write-ahead log past SQLite's default checkpoint threshold of 1,000 pages.</summary>
    private static List<JournalRow> LogPastTheCheckpointThreshold() =>
        [.. Enumerable.Range(1, 1200).Select(i => new JournalRow("search-a", i, new byte[4096], "m", 1, 0))];

    private string DatabaseFile => Path.Combine(_directory, "journal.db");

    [Fact]
    public void A_commit_does_not_copy_the_log_into_the_database_file()
    {
        CreateTable();
        Hosting.SqliteJournalFile.UseWriteAheadLog(ConnectionString);
        var before = new FileInfo(DatabaseFile).Length;
        using var store = new SqliteJournalRowStore(ConnectionString, Table, "w1", checkpointDelay: TimeSpan.FromHours(1));

        store.Insert(LogPastTheCheckpointThreshold());

        // SQLite's own checkpoint would have run inside that commit, syncing and copying ~5 MB while the writer waits.
        Assert.Equal(before, new FileInfo(DatabaseFile).Length);
    }

    [Fact]
    public async Task The_checkpointer_copies_the_committed_log_into_the_database_file()
    {
        CreateTable();
        Hosting.SqliteJournalFile.UseWriteAheadLog(ConnectionString);
        using var store = new SqliteJournalRowStore(ConnectionString, Table, "w1", checkpointDelay: TimeSpan.Zero);

        store.Insert(LogPastTheCheckpointThreshold());

        await Eventually.HoldsAsync(() => new FileInfo(DatabaseFile).Length >= 1200 * 4096, TimeSpan.FromSeconds(30),
            "the log was not checkpointed into the database file in 30 s", TimeSpan.FromMilliseconds(20));
        Assert.Equal(1200, Rows().Count);
    }

    [Fact]
    public void A_batch_with_a_duplicate_sequence_number_writes_none_of_its_rows()
    {
        CreateTable();
        using var store = new SqliteJournalRowStore(ConnectionString, Table, "w1");
        store.Insert([new JournalRow("search-a", 1, [1], "m", 1, 0)]);

        Assert.Throws<SqliteException>(() =>
            store.Insert([new JournalRow("search-b", 1, [1], "m", 1, 0), new JournalRow("search-a", 1, [1], "m", 1, 0)]));
        store.Insert([new JournalRow("search-c", 1, [1], "m", 1, 0)]);

        Assert.Equal(["search-a:1 m 1 0 w1 1", "search-c:1 m 1 0 w1 1"], Rows());
    }
}
