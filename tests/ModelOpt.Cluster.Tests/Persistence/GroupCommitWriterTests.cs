using ModelOpt.Cluster.Persistence;
using Xunit;

namespace ModelOpt.Cluster.Tests.Persistence;

public sealed class GroupCommitWriterTests
{
    /// <summary>Holds its first insert until released, refuses any batch holding a row of persistence id "bad".</summary>
    private sealed class GatedStore : IJournalRowStore
    {
        public readonly TaskCompletionSource FirstInsertStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<IReadOnlyList<string>> Committed = [];
        private int _inserts;

        public void Insert(IReadOnlyList<JournalRow> rows)
        {
            if (Interlocked.Increment(ref _inserts) == 1)
            {
                FirstInsertStarted.SetResult();
                // Blocks the writer's own thread, as a database's synchronous I/O does.
                Release.Task.Wait();
            }
            if (rows.Any(r => r.PersistenceId == "bad")) throw new InvalidOperationException("UNIQUE constraint failed");
            lock (Committed) Committed.Add([.. rows.Select(r => $"{r.PersistenceId}:{r.SequenceNr}")]);
        }

        public void Dispose() { }
    }

    private static JournalRow Row(string persistenceId, long sequenceNr) => new(persistenceId, sequenceNr, [1], "m", 1, 0);

    [Fact]
    public async Task Writes_queued_during_a_commit_are_committed_together_in_one_batch()
    {
        var store = new GatedStore();
        await using var writer = new GroupCommitWriter(() => store);
        var first = writer.WriteAsync([Row("a", 1)]);
        await store.FirstInsertStarted.Task;
        var queued = new[] { writer.WriteAsync([Row("b", 1), Row("b", 2)]), writer.WriteAsync([Row("c", 1)]) };
        store.Release.SetResult();

        await Task.WhenAll([first, .. queued]);
        Assert.Equal([["a:1"], ["b:1", "b:2", "c:1"]], store.Committed);
    }

    [Fact]
    public async Task A_write_that_the_database_refuses_fails_alone_and_the_writes_batched_with_it_are_committed()
    {
        var store = new GatedStore();
        await using var writer = new GroupCommitWriter(() => store);
        var first = writer.WriteAsync([Row("a", 1)]);
        await store.FirstInsertStarted.Task;
        var good = writer.WriteAsync([Row("b", 1)]);
        var bad = writer.WriteAsync([Row("bad", 1), Row("bad", 2)]);
        var alsoGood = writer.WriteAsync([Row("c", 1)]);
        store.Release.SetResult();

        await first;
        await good;
        await alsoGood;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Contains("UNIQUE", refused.Message);
        Assert.Equal([["a:1"], ["b:1"], ["c:1"]], store.Committed);
    }

    [Fact]
    public async Task A_writer_whose_store_cannot_be_opened_fails_the_write_and_opens_again_for_the_next()
    {
        var opens = 0;
        var store = new GatedStore();
        store.Release.SetResult();
        await using var writer = new GroupCommitWriter(() => ++opens == 1 ? throw new IOException("database is locked") : store);

        await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync([Row("a", 1)]));
        await writer.WriteAsync([Row("a", 1)]);

        Assert.Equal(2, opens);
        Assert.Equal([["a:1"]], store.Committed);
    }
}
