using ModelOpt.Cluster.Persistence;
using Xunit;

namespace ModelOpt.Cluster.Tests.Persistence;

public sealed class SqliteWriteLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-write-lock-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Writers_of_one_file_take_turns_however_their_connection_strings_name_it_and_other_files_do_not_wait()
    {
        var journal = SqliteWriteLock.Of($"Data Source={Path.Combine(_directory, "journal.db")}");
        var snapshots = SqliteWriteLock.Of($"Data Source={Path.Combine(_directory, ".", "journal.db")};Pooling=false");
        var other = SqliteWriteLock.Of($"Data Source={Path.Combine(_directory, "other.db")}");
        var firstMayEnd = new TaskCompletionSource();

        var first = journal.RunAsync(() => firstMayEnd.Task, default);
        var second = snapshots.RunAsync(() => Task.CompletedTask, default);
        await other.RunAsync(() => Task.CompletedTask, default).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(second.IsCompleted);

        firstMayEnd.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
