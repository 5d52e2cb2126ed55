using Microsoft.Data.Sqlite;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// Copies a SQLite journal's write-ahead log into its database file (a checkpoint) on a thread and connection of its
/// own, a delay after a commit, so that no write waits for it. SQLite's default ran the checkpoint inside
/// the commit that grew the log past 1,000 pages, on the writer's thread and holding the file's write lock; a
/// checkpoint syncs the log and the database file to disk, and under other I/O those syncs took 0.3–0.6 s, during
/// which every journal write queued behind it waited (docs/benchmarks.md, issue 17). The journal's connections
/// therefore never checkpoint (<see cref="Hosting.SqliteJournalFile.WriterPragmas"/>). A passive checkpoint neither waits
/// for writers nor holds them up; one that finds the file busy is left to the next.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>How long after a commit the checkpoint runs: the commits meanwhile share it, so it runs at most once per delay.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly TimeSpan _delay;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _due;
    private bool _stopping;

    public WalCheckpointer(string connectionString, TimeSpan delay)
    {
        _connectionString = connectionString;
        _delay = delay;
        _thread = new Thread(Loop) { IsBackground = true, Name = "sqlite-checkpoint" };
        _thread.Start();
    }

    /// <summary>A commit added to the log: a checkpoint runs the delay from now, unless one is already due.</summary>
    public void Committed()
    {
        lock (_gate)
        {
            if (_due) return;
            _due = true;
            Monitor.Pulse(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }
        _thread.Join();
    }

    private void Loop()
    {
        using var connection = new SqliteConnection(_connectionString);
        while (true)
        {
            lock (_gate)
            {
                while (!_due && !_stopping) Monitor.Wait(_gate);
                // The commits of the delay share one checkpoint; stopping ends the wait (the last connection to close checkpoints anyway).
                if (!_stopping) Monitor.Wait(_gate, _delay);
                if (_stopping) return;
                _due = false;
            }
            Checkpoint(connection);
        }
    }

    private static void Checkpoint(SqliteConnection connection)
    {
        try
        {
            if (connection.State != System.Data.ConnectionState.Open) connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Busy with another checkpoint, or the file is being closed: the next commit asks for another.
            connection.Close();
        }
    }
}
