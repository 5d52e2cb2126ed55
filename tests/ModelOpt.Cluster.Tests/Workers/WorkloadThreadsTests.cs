using ModelOpt.Cluster.Workers;
using Xunit;

namespace ModelOpt.Cluster.Tests.Workers;

public sealed class WorkloadThreadsTests
{
    [Fact]
    public async Task Attempts_run_one_after_another_reuse_the_same_dedicated_thread()
    {
        using var threads = new WorkloadThreads("test");
        var ids = new List<int>();
        for (var i = 0; i < 20; i++)
            ids.Add(await threads.Run(() => Environment.CurrentManagedThreadId));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, threads.Count);
    }

    [Fact]
    public async Task Attempts_at_the_same_time_get_a_thread_each_off_the_thread_pool()
    {
        using var threads = new WorkloadThreads("test");
        using var bothRunning = new Barrier(2);
        var runs = Enumerable.Range(0, 2).Select(_ => threads.Run(() =>
        {
            Assert.True(bothRunning.SignalAndWait(TimeSpan.FromSeconds(30)), "the second attempt never started beside the first");
            return (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
        })).ToList();

        var results = await Task.WhenAll(runs);
        Assert.NotEqual(results[0].CurrentManagedThreadId, results[1].CurrentManagedThreadId);
        Assert.All(results, r => Assert.False(r.IsThreadPoolThread));
        Assert.Equal(2, threads.Count);
    }

    [Fact]
    public async Task A_workload_that_throws_fails_its_task_and_the_thread_serves_the_next_attempt()
    {
        using var threads = new WorkloadThreads("test");
        await Assert.ThrowsAsync<InvalidOperationException>(() => threads.Run<int>(() => throw new InvalidOperationException("boom")));

        Assert.Equal(42, await threads.Run(() => 42));
        Assert.Equal(1, threads.Count);
    }
}
