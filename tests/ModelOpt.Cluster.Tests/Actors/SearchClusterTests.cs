using ModelOpt.Client.Models;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

public sealed class SearchClusterTests
{
    [Fact]
    public async Task A_pbt_exploit_restarts_the_trial_from_a_copy_of_the_source_checkpoint_with_the_new_config()
    {
        var checkpoints = Directory.CreateTempSubdirectory("mopt-checkpoints-");
        try
        {
            await using var host = await TestHost.StartAsync(slots: 1, checkpoints: checkpoints.FullName);
            var spec = TestSpecs.Branin(trials: 2, concurrent: 1, scheduler: ExploitSecondTrialScheduler.Name, workload: $"{{kind: {TestWorkloads.Checkpointed}}}", epochs: 2);

            var submitted = await host.Commands.SubmitAsync(spec);
            var done = await host.WaitUntilDoneAsync(submitted.SearchId);

            var source = done.Trials[0];
            var exploited = done.Trials[1];
            Assert.Equal(TrialStatus.Completed, exploited.Status);
            Assert.Equal(2, exploited.Attempts);
            Assert.Equal(1.5, exploited.Config["x0"].AsDouble());
            Assert.Equal(source.Config["x0"].AsDouble(), exploited.Metrics!["inherited"]);
            Assert.Equal([1, 2], exploited.Curve.Select(r => r.Epoch));
        }
        finally
        {
            checkpoints.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_pbt_exploit_on_a_worker_without_a_checkpoint_directory_fails_rather_than_restarting_from_scratch()
    {
        await using var host = await TestHost.StartAsync(slots: 1);
        var spec = TestSpecs.Branin(trials: 2, concurrent: 1, scheduler: ExploitSecondTrialScheduler.Name, workload: $"{{kind: {TestWorkloads.Checkpointed}}}", epochs: 2);

        var submitted = await host.Commands.SubmitAsync(spec);
        var done = await host.WaitUntilDoneAsync(submitted.SearchId);

        var exploited = done.Trials[1];
        Assert.Equal(TrialStatus.Failed, exploited.Status);
        Assert.Contains($"PBT exploit of {done.Trials[0].TrialId}", exploited.Reason);
        Assert.Contains("--checkpoints", exploited.Reason);
        Assert.Null(exploited.Metrics);
    }

    [Fact]
    public async Task A_function_search_runs_all_its_trials_on_two_slots()
    {
        await using var host = await TestHost.StartAsync(slots: 2);

        var submitted = await host.Commands.SubmitAsync(TestSpecs.Branin(trials: 10, concurrent: 2));
        Assert.True(submitted.Accepted, string.Join("; ", submitted.Errors));
        var done = await host.WaitUntilDoneAsync(submitted.SearchId);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.Equal(10, done.Trials.Count);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(done.Trials.Min(t => t.Objective), done.Best!.Objective);
        Assert.Equal(2, done.Trials.Select(t => t.Device).Distinct().Count());
        var listed = Assert.Single(await host.Commands.ListAsync());
        Assert.Equal(submitted.SearchId, listed.SearchId);
    }

    [Fact]
    public async Task A_bad_spec_is_rejected_with_every_problem()
    {
        await using var host = await TestHost.StartAsync(slots: 1);

        var result = await host.Commands.SubmitAsync(TestSpecs.Branin().Replace("maxTrials: 10", "maxTrials: -1").Replace("mode: min", "mode: up"));

        Assert.False(result.Accepted);
        Assert.Contains(result.Errors, e => e.Contains("maxTrials"));
        Assert.Contains(result.Errors, e => e.Contains("objective.mode"));
    }

    [Fact]
    public async Task Failing_workloads_fail_their_trials_with_the_reason_and_the_slot_is_reused()
    {
        await using var host = await TestHost.StartAsync(slots: 1);

        var submitted = await host.Commands.SubmitAsync(TestSpecs.Branin(trials: 4, concurrent: 1, workload: $"{{kind: {TestWorkloads.Broken}}}"));
        var done = await host.WaitUntilDoneAsync(submitted.SearchId);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.Equal(4, done.Trials.Count);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Failed, t.Status));
        Assert.Equal("boom in t0001", done.Trials[0].Reason);
        Assert.Equal("exception", done.Trials[0].Failure);
        Assert.Equal("non_finite_loss", done.Trials[1].Failure);
        Assert.Contains("NaN", done.Trials[1].Reason);
    }

    [Fact]
    public async Task A_scheduler_stop_frees_the_slot_before_the_workload_unwinds()
    {
        var gate = new ManualResetEventSlim(false);
        await using var host = await TestHost.StartAsync(slots: 1, catalog: TestCatalog.WithGate(gate));
        try
        {
            var spec = TestSpecs.Branin(trials: 2, concurrent: 1, scheduler: StopOddTrialsScheduler.Name, workload: $"{{kind: {TestWorkloads.Gated}}}", epochs: 2);
            var submitted = await host.Commands.SubmitAsync(spec);
            var done = await host.WaitUntilDoneAsync(submitted.SearchId);

            Assert.False(gate.IsSet);
            Assert.Equal(TrialStatus.Stopped, done.Trials[0].Status);
            Assert.Equal("odd trial stopped at epoch 1", done.Trials[0].Reason);
            Assert.Equal(TrialStatus.Completed, done.Trials[1].Status);
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public async Task A_trial_past_its_timeout_fails_and_its_slot_runs_the_next_even_if_the_workload_hangs()
    {
        var gate = new ManualResetEventSlim(false);
        await using var host = await TestHost.StartAsync(slots: 1, catalog: TestCatalog.WithGate(gate));
        try
        {
            var spec = TestSpecs.Branin(trials: 2, concurrent: 1, workload: $"{{kind: {TestWorkloads.Gated}}}", epochs: 2, timeout: "1s");
            var submitted = await host.Commands.SubmitAsync(spec);
            var done = await host.WaitUntilDoneAsync(submitted.SearchId);

            Assert.False(gate.IsSet);
            Assert.Equal(TrialStatus.Failed, done.Trials[0].Status);
            Assert.Equal("timeout", done.Trials[0].Failure);
            Assert.Contains("timeout", done.Trials[0].Reason);
            Assert.Equal(TrialStatus.Completed, done.Trials[1].Status);
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public async Task Cancelling_a_search_stops_it_and_resuming_runs_the_rest()
    {
        var gate = new ManualResetEventSlim(false);
        await using var host = await TestHost.StartAsync(slots: 1, catalog: TestCatalog.WithGate(gate));
        try
        {
            var spec = TestSpecs.Branin(trials: 2, concurrent: 1, workload: $"{{kind: {TestWorkloads.Gated}}}", epochs: 2);
            var submitted = await host.Commands.SubmitAsync(spec);
            var cancelled = await host.Commands.StopAsync(submitted.SearchId);
            Assert.Equal(SearchStatus.Cancelled, cancelled!.Status);

            gate.Set();
            await host.Commands.ResumeAsync(submitted.SearchId);
            var done = await host.WaitUntilDoneAsync(submitted.SearchId);

            Assert.Equal(SearchStatus.Finished, done.Status);
            Assert.Equal(2, done.Trials.Count);
        }
        finally
        {
            gate.Set();
        }
    }
}
