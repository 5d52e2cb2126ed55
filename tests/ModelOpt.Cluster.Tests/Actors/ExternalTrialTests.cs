using System.Collections.Concurrent;
using System.Diagnostics;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Searches.External;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

/// <summary>External trials through the real search entity: asks parked until a trial frees, leases that run out, a coordinator restart.</summary>
public sealed class ExternalTrialTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-external-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Dictionary<string, double> Value(double value) => new() { ["value"] = value };

    [Fact]
    public async Task Clients_run_a_whole_search_by_ask_report_and_tell_and_a_parked_ask_gets_the_next_trial_when_one_ends()
    {
        await using var host = await TestHost.StartAsync(slots: 1);
        var id = (await host.Commands.SubmitAsync(TestSpecs.ExternalBranin(trials: 3, concurrent: 1, epochs: 2))).SearchId;

        var first = await host.External.AskAsync(id, "client-a", null, TimeSpan.Zero);
        var busy = await host.External.AskAsync(id, "client-b", null, TimeSpan.Zero);
        var parked = host.External.AskAsync(id, "client-b", null, TimeSpan.FromSeconds(15));
        await host.External.ReportAsync(id, first.TrialId!, 1, new EpochReport(1, Value(4.0), 0.1));
        var told = await host.External.TellAsync(id, first.TrialId!, 1, Value(3.5), null);
        var second = await parked;
        await host.External.TellAsync(id, second.TrialId!, second.Attempt, Value(2.0), null);
        var third = await host.External.AskAsync(id, "client-c", null, TimeSpan.Zero);
        await host.External.TellAsync(id, third.TrialId!, third.Attempt, Value(new Branin().Evaluate(third.Config!)), null);
        var ended = await host.External.AskAsync(id, "client-a", null, TimeSpan.Zero);
        var search = await host.WaitUntilDoneAsync(id);

        Assert.Equal((AskReplyKind.Trial, 1, 2, 60.0), (first.Status, first.Attempt, first.MaxEpochs, first.LeaseSeconds));
        Assert.Equal(AskReplyKind.Wait, busy.Status);
        Assert.Equal((VerdictKind.Done, TrialPhase.Completed), (told.Decision, told.Phase));
        Assert.Equal((AskReplyKind.Trial, "t0002"), (second.Status, second.TrialId));
        Assert.Equal(AskReplyKind.Ended, ended.Status);
        Assert.Equal(ModelOpt.Client.Models.SearchStatus.Finished, search.Status);
        Assert.All(search.Trials, t => Assert.Equal(ModelOpt.Client.Models.TrialStatus.Completed, t.Status));
        Assert.Equal(["client-a", "client-b", "client-c"], search.Trials.Select(t => t.Node));
        Assert.Equal([4.0], search.Trials[0].Curve.Select(r => r.Metrics["value"]));
    }

    [Fact]
    public async Task An_external_trial_is_traced_like_any_other_with_the_client_as_its_node()
    {
        var id = $"traced-{Guid.NewGuid():N}";
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ModelOptTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("search.id") == id && activity.OperationName == "trial") spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await TestHost.StartAsync(slots: 1);
        await host.Commands.SubmitAsync(TestSpecs.ExternalBranin(trials: 1, concurrent: 1), id);

        var trial = await host.External.AskAsync(id, "client-a", null, TimeSpan.Zero);
        await host.External.TellAsync(id, trial.TrialId!, trial.Attempt, Value(2.0), null);
        await host.WaitUntilDoneAsync(id);

        var span = Assert.Single(spans);
        Assert.Equal(("client-a", SearchState.ExternalDevice, "completed"),
            ((string?)span.GetTagItem("node"), (string?)span.GetTagItem("device"), (string?)span.GetTagItem("trial.outcome")));
    }

    [Fact]
    public async Task A_retried_ask_with_the_same_request_id_gets_the_same_trial()
    {
        await using var host = await TestHost.StartAsync(slots: 1);
        var id = (await host.Commands.SubmitAsync(TestSpecs.ExternalBranin(concurrent: 2))).SearchId;

        var first = await host.External.AskAsync(id, "client-a", "req-7", TimeSpan.Zero);
        var retried = await host.External.AskAsync(id, "client-a", "req-7", TimeSpan.Zero);
        var other = await host.External.AskAsync(id, "client-a", "req-8", TimeSpan.Zero);

        Assert.Equal((first.TrialId, first.Attempt), (retried.TrialId, retried.Attempt));
        Assert.NotEqual(first.TrialId, other.TrialId);
    }

    [Fact]
    public async Task A_silent_clients_trial_is_requeued_when_its_lease_runs_out_and_its_late_report_is_refused()
    {
        await using var host = await TestHost.StartAsync(slots: 1);
        var id = (await host.Commands.SubmitAsync(TestSpecs.ExternalBranin(trials: 2, concurrent: 1, lease: "1s", retries: 1))).SearchId;

        var silent = await host.External.AskAsync(id, "client-dead", null, TimeSpan.Zero);
        var taken = await host.External.AskAsync(id, "client-live", null, TimeSpan.FromSeconds(15));
        var late = await host.External.ReportAsync(id, silent.TrialId!, silent.Attempt, new EpochReport(1, Value(1.0), 0.1));
        var search = await host.Commands.GetAsync(id);

        Assert.Equal((silent.TrialId, 2, "client-live"), (taken.TrialId, taken.Attempt, search!.Trials[0].Node));
        Assert.Equal(VerdictKind.Refused, late.Decision);
        Assert.Contains("client client-dead went silent", late.Reason);
        Assert.Empty(search.Trials[0].Curve);
    }

    [Fact]
    public async Task Heartbeats_keep_a_lease_alive_past_its_duration()
    {
        await using var host = await TestHost.StartAsync(slots: 1);
        // Beats 16 times a lease for over twice its length: only a stall of a whole lease (4 s) between two beats could
        // lose it, which a busy 2-core machine did with a 2 s lease and beats 400 ms apart.
        var id = (await host.Commands.SubmitAsync(TestSpecs.ExternalBranin(concurrent: 1, lease: "4s"))).SearchId;
        var trial = await host.External.AskAsync(id, "client-a", null, TimeSpan.Zero);

        var until = DateTime.UtcNow.AddSeconds(9);
        while (DateTime.UtcNow < until)
        {
            var beat = await host.External.HeartbeatAsync(id, trial.TrialId!, trial.Attempt);
            Assert.Equal(VerdictKind.Continue, beat.Decision);
            await Task.Delay(250);
        }
        var report = await host.External.ReportAsync(id, trial.TrialId!, trial.Attempt, new EpochReport(1, Value(1.0), 0.1));

        Assert.Equal(VerdictKind.Continue, report.Decision);
    }

    [Fact]
    public async Task A_client_keeps_its_trial_across_a_coordinator_restart()
    {
        var journal = Path.Combine(_directory, "journal.db");
        string id;
        AskReply trial;
        await using (var first = await TestHost.StartAsync(slots: 1, journal))
        {
            id = (await first.Commands.SubmitAsync(TestSpecs.ExternalBranin(trials: 1, concurrent: 1, epochs: 2))).SearchId;
            trial = await first.External.AskAsync(id, "client-a", null, TimeSpan.Zero);
            await first.External.ReportAsync(id, trial.TrialId!, trial.Attempt, new EpochReport(1, Value(2.0), 0.1));
        }

        await using var second = await TestHost.StartAsync(slots: 1, journal);
        var report = await second.External.ReportAsync(id, trial.TrialId!, trial.Attempt, new EpochReport(2, Value(1.5), 0.1));
        var told = await second.External.TellAsync(id, trial.TrialId!, trial.Attempt, Value(1.5), null);
        var search = await second.WaitUntilDoneAsync(id, Deadline);

        Assert.Equal(VerdictKind.Continue, report.Decision);
        Assert.Equal(TrialPhase.Completed, told.Phase);
        Assert.Equal([2.0, 1.5], search.Trials[0].Curve.Select(r => r.Metrics["value"]));
        Assert.Equal(1, search.Trials[0].Attempts);
    }
}
