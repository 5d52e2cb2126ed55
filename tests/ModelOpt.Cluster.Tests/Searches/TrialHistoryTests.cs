using System.Text;
using Akka.Actor;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

/// <summary>What a trial's page and the slot timeline read: who stopped a trial, and every attempt with its place and times.</summary>
public sealed class TrialHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static SearchState Running(int concurrent, string scheduler = "fifo")
    {
        var state = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 4, concurrent: concurrent, scheduler: scheduler, retries: 2), T0).State;
        for (var i = 0; i < concurrent; i++) state = state.DecideSlot("node-a", $"cpu#{i}", T0.AddSeconds(i)).Decision.State;
        return state;
    }

    private static EpochReport Epoch(double value) => new(1, new Dictionary<string, double> { ["value"] = value }, 0.1);

    [Fact]
    public void A_stopped_trial_records_whether_its_scheduler_a_user_or_the_cancellation_stopped_it()
    {
        var state = Running(concurrent: 3, scheduler: StopOddTrialsScheduler.Name);
        state = state.DecideReport("t0001", 1, Epoch(3), T0.AddSeconds(5)).State;
        state = state.DecideStopTrial("t0002", SearchState.StoppedByUserReason, T0.AddSeconds(6)).State;
        state = state.DecideCancel(SearchState.CancelledReason, T0.AddSeconds(7)).State;

        Assert.Equal([StopKind.Scheduler, StopKind.User, StopKind.Cancel], state.Trials.Select(t => t.StoppedBy!.Value));
        var view = SearchViews.Of(state)!;
        Assert.Equal([Client.Models.StopKind.Scheduler, Client.Models.StopKind.User, Client.Models.StopKind.Cancel], view.Trials.Select(t => t.StoppedBy!.Value));
        Assert.Equal(T0.AddSeconds(5), view.Trials[0].EndedAt);
        Assert.Equal(T0.AddSeconds(1), view.Trials[1].StartedAt);
    }

    [Fact]
    public void Stops_journaled_before_the_kind_was_recorded_read_it_from_the_reason()
    {
        Assert.Equal(StopKind.User, new TrialStopped("t1", SearchState.StoppedByUserReason, T0).StoppedBy());
        Assert.Equal(StopKind.Cancel, new TrialStopped("t1", SearchState.CancelledReason, T0).StoppedBy());
        Assert.Equal(StopKind.Scheduler, new TrialStopped("t1", "asha: below the rung-1 cutoff", T0).StoppedBy());
        Assert.Equal(StopKind.Scheduler, new TrialStopped("t1", SearchState.CancelledReason, T0) { By = StopKind.Scheduler }.StoppedBy());
    }

    [Fact]
    public void A_requeued_attempt_is_kept_with_its_node_device_times_and_reason_and_survives_replay()
    {
        var submitted = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 1, concurrent: 1, retries: 2), T0);
        var first = submitted.State.DecideSlot("node-a", "cpu#0", T0.AddSeconds(1)).Decision;
        var lost = first.State.DecideFailed("t0001", 1, FailureKind.Lost, "worker node-a left", T0.AddSeconds(4));
        var second = lost.State.DecideSlot("node-b", "cuda:1", T0.AddSeconds(5)).Decision;
        var done = second.State.DecideCompleted("t0001", 2, new Dictionary<string, double> { ["value"] = 1.5 }, T0.AddSeconds(9));

        var journal = new[] { submitted, first, lost, second, done }.SelectMany(d => d.Events).ToList();
        var replayed = journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));

        foreach (var trial in new[] { done.State.Trial("t0001")!, replayed.Trial("t0001")! })
        {
            var earlier = Assert.Single(trial.EarlierAttempts!);
            Assert.Equal(new EndedAttempt(1, "node-a", "cpu#0", T0.AddSeconds(1), T0.AddSeconds(4), AttemptEnd.Requeued, "attempt 1: worker node-a left"), earlier);
            Assert.Equal(("node-b", "cuda:1", T0.AddSeconds(5), T0.AddSeconds(9)), (trial.Node, trial.Device, trial.StartedAt, trial.EndedAt));
        }
        var shown = Assert.Single(SearchViews.Of(done.State)!.Trials[0].EarlierAttempts!);
        Assert.Equal(new Client.Models.AttemptInfo(1, "node-a", "cpu#0", T0.AddSeconds(1), T0.AddSeconds(4), Client.Models.AttemptEnd.Requeued, "attempt 1: worker node-a left"), shown);
    }

    [Fact]
    public void The_new_fields_travel_through_the_serializer_and_old_events_without_them_still_read()
    {
        using var system = ActorSystem.Create("history-serializer");
        var serializer = new ModelOptSerializer((ExtendedActorSystem)system);
        T RoundTrip<T>(T message) where T : notnull => (T)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));

        Assert.Equal(StopKind.User, RoundTrip(new TrialStopped("t1", "stopped by user", T0) { By = StopKind.User }).By);
        Assert.Equal(T0, RoundTrip(new TrialRequeued("t1", "lost") { At = T0 }).At);
        var old = (TrialStopped)serializer.FromBinary(Encoding.UTF8.GetBytes("""{"TrialId":"t1","Reason":"search cancelled","StoppedAt":"2026-12-05T09:00:00+00:00"}"""), "trial-stopped.1");
        Assert.Null(old.By);
        Assert.Equal(StopKind.Cancel, old.StoppedBy());
        Assert.Null(((TrialRequeued)serializer.FromBinary(Encoding.UTF8.GetBytes("""{"TrialId":"t1","Reason":"lost"}"""), "trial-requeued.1")).At);

        var state = Running(concurrent: 1);
        state = state.DecideFailed("t0001", 1, FailureKind.Crash, "runner crashed", T0.AddSeconds(3)).State;
        var back = RoundTrip(state.ToSnapshot());
        Assert.Equal(state.Trial("t0001")!.EarlierAttempts, back.Trials[0].EarlierAttempts);
    }
}
