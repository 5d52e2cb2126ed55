using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// One lock per SQLite database file, held by every writer of this process (the journal's writer thread, the snapshot
/// store, the journal's deletes) for the whole of its write. SQLite lets one connection write at a time; a second one
/// that begins a write meanwhile gets SQLITE_BUSY, and Microsoft.Data.Sqlite retries only after sleeping 150 ms, during
/// which every journal write queued behind it waits (docs/benchmarks.md, issue 17). Waiting on this lock instead
/// hands the file over as soon as the other writer has committed.
/// </summary>
internal sealed class SqliteWriteLock
{
    private static readonly ConcurrentDictionary<string, SqliteWriteLock> Files = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _turn = new(1, 1);

    private SqliteWriteLock()
    {
    }

    /// <summary>The lock of the file <paramref name="connectionString"/> opens.</summary>
    public static SqliteWriteLock Of(string connectionString) => Files.GetOrAdd(FileOf(connectionString), _ => new SqliteWriteLock());

    /// <summary>Runs <paramref name="write"/> (synchronous, on the caller's thread) holding the lock.</summary>
    public void Run(Action write, CancellationToken cancellationToken)
    {
        _turn.Wait(cancellationToken);
        try
        {
            write();
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Runs <paramref name="write"/> holding the lock until its task has completed.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(Func<Task> write, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await write().ConfigureAwait(false);
        return true;
    }, cancellationToken);

    private static string FileOf(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        // An in-memory or unnamed database is private to its connection: the connection string is as good a key as any.
        return dataSource is "" or ":memory:" ? connectionString : Path.GetFullPath(dataSource);
    }
}
