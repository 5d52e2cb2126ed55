using ModelOpt.Client.Models;
using ModelOpt.Node.Tests.Support;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ModelOpt.Node.Tests;

/// <summary>
/// Real <c>ModelOpt.Node</c> processes on localhost (ports 4101-4139): a coordinator, workers, and the test as a client.
/// Each takes 15-35 s (cluster forming, failure detection, downing after 1 s of stability); CI can filter on the trait.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class MultiProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly NodeFleet _fleet = new("mopt-nodes-");

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task A_coordinator_and_two_workers_run_a_search()
    {
        int[] seeds = [4101, 4102, 4103];
        _fleet.Start("coordinator", 4101, seeds);
        _fleet.Start("worker", 4102, seeds);
        _fleet.Start("worker", 4103, seeds);
        await using var client = await ClusterClient.JoinAsync(seeds);
        // Both workers in before the search: its short trials could otherwise all run on the first one to join.
        await client.WaitForSlotsAsync(2, Deadline, _fleet.Logs);

        var id = await client.SubmitAsync(CommandSpecs.Sleeping(trials: 4, concurrent: 2, seconds: 0.1, _fleet.Directory));
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(2, done.Trials.Select(t => t.Node).Distinct().Count());
    }

    [Fact]
    public async Task A_trial_on_a_killed_worker_is_requeued_and_completes()
    {
        int[] seeds = [4111, 4112, 4113];
        _fleet.Start("coordinator", 4111, seeds);
        var doomed = _fleet.Start("worker", 4112, seeds);
        _fleet.Start("worker", 4113, seeds);
        await using var client = await ClusterClient.JoinAsync(seeds);
        // Both workers in before the kill. A slot counts only once the coordinator lists its node as a member, so a
        // worker still joining through the doomed one (LostJoinTests in ModelOpt.Faults.Tests) is not counted here.
        await client.WaitForSlotsAsync(2, Deadline, _fleet.Logs);

        var id = await client.SubmitAsync(CommandSpecs.Sleeping(trials: 3, concurrent: 2, seconds: 3, _fleet.Directory));
        var running = await client.WaitForAsync(id, s => s.Trials.Any(OnDoomed), Deadline, _fleet.Logs);
        var victim = running.Trials.First(OnDoomed).TrialId;
        doomed.Kill();
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var requeued = done.Trials.Single(t => t.TrialId == victim);
        Assert.Equal(2, requeued.Attempts);
        Assert.DoesNotContain(":4112", requeued.Node);

        static bool OnDoomed(TrialInfo t) => t.Status == TrialStatus.Running && t.Node?.EndsWith(":4112") == true;
    }

    [Fact]
    public async Task A_restarted_coordinator_resumes_from_the_journal_without_rerunning_completed_trials()
    {
        int[] seeds = [4121, 4122];
        var journal = Path.Combine(_fleet.Directory, "journal.db");
        var coordinator = _fleet.Start("coordinator", 4121, seeds, journal: journal);
        _fleet.Start("worker", 4122, seeds, slots: 2);
        await using var client = await ClusterClient.JoinAsync(seeds);

        var id = await client.SubmitAsync(CommandSpecs.Sleeping(trials: 6, concurrent: 2, seconds: 1, _fleet.Directory));
        var before = await client.WaitForAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline, _fleet.Logs);
        var completedBefore = before.Trials.Where(t => t.Status == TrialStatus.Completed).ToList();
        coordinator.Kill();
        _fleet.Start("coordinator", 4121, seeds, journal: journal);
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.Equal(6, done.Trials.Count);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        foreach (var earlier in completedBefore)
        {
            var now = done.Trials.Single(t => t.TrialId == earlier.TrialId);
            Assert.Equal(earlier.Config, now.Config);
            Assert.Equal(1, now.Attempts);
        }
    }

    [Fact]
    public async Task Crashing_nan_and_hanging_trials_fail_with_their_reasons_and_free_their_slots()
    {
        int[] seeds = [4131, 4132, 4133];
        _fleet.Start("coordinator", 4131, seeds);
        _fleet.Start("worker", 4132, seeds);
        _fleet.Start("worker", 4133, seeds);
        await using var client = await ClusterClient.JoinAsync(seeds);

        var id = await client.SubmitAsync(CommandSpecs.Misbehaving(_fleet.Directory));
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);

        // Four trials on two slots: every failure had to give its slot back for the search to finish.
        Assert.Equal(SearchStatus.Finished, done.Status);
        var byMode = done.Trials.ToDictionary(t => t.Config["mode"].AsString());
        Assert.Equal("crash", byMode["crash"].Failure);
        Assert.Contains("exit code 3", byMode["crash"].Reason);
        Assert.Contains("boom", byMode["crash"].Reason);
        Assert.Equal("non_finite_loss", byMode["nan"].Failure);
        Assert.Equal("timeout", byMode["hang"].Failure);
        Assert.Equal(TrialStatus.Completed, byMode["ok"].Status);
        Assert.All(done.Trials.Where(t => t.Failure is not null), t => Assert.Equal(TrialStatus.Failed, t.Status));
    }

    [Fact]
    public async Task A_scheduler_stop_frees_the_slot_for_the_next_trial()
    {
        int[] seeds = [4135, 4136];
        _fleet.Start("coordinator", 4135, seeds);
        _fleet.Start("worker", 4136, seeds, slots: 1);
        await using var client = await ClusterClient.JoinAsync(seeds);

        var id = await client.SubmitAsync(CommandSpecs.Plateauing(trials: 2, _fleet.Directory));
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.All(done.Trials, t =>
        {
            Assert.Equal(TrialStatus.Stopped, t.Status);
            Assert.Equal(2, t.Epochs);
            Assert.StartsWith("no improvement", t.Reason);
            Assert.Equal("cpu#0", t.Device);
        });
    }
}
