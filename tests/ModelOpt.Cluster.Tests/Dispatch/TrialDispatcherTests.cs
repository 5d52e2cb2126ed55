using Akka.Actor;
using Akka.TestKit;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Dispatch;

/// <summary>
/// Protocol tests of the dispatcher alone, with probes for the searches and a worker. Plain Akka.TestKit.Xunit2:
/// Akka.Hosting.TestKit 1.5.74 brings xunit v3, which clashes with the suite's xunit 2.
/// </summary>
public sealed class TrialDispatcherTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TrialAssignment FirstTrial = new("s1", "t0001", 1, "", Config.Empty, 0);

    /// <summary>A dispatcher with one worker slot on node-a, running <see cref="FirstTrial"/>.</summary>
    private (IActorRef Dispatcher, TestProbe Searches, TestProbe Worker, SlotId Slot) RunningOneTrial(TimeSpan heartbeatGrace)
    {
        var searches = CreateTestProbe();
        var worker = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(searches, heartbeatGrace));
        dispatcher.Tell(new RegisterWorker(worker, "node-a", ["cpu#0"], []), worker);
        worker.ExpectMsg<WorkerRegistered>();
        dispatcher.Tell(new SlotDemand("s1", 1, 0));
        var slot = searches.ExpectMsg<SlotGranted>().Slot;
        dispatcher.Tell(new StartTrial(slot, FirstTrial));
        Assert.Equal(FirstTrial, worker.ExpectMsg<RunTrial>().Trial);
        return (dispatcher, searches, worker, slot);
    }

    private int Busy(IActorRef dispatcher)
    {
        dispatcher.Tell(new GetDispatchStats());
        return ExpectMsg<DispatchStats>().Busy;
    }

    [Fact]
    public void An_attempt_missing_from_its_workers_heartbeat_is_reported_lost_and_its_slot_is_granted_again()
    {
        var (dispatcher, searches, worker, slot) = RunningOneTrial(TimeSpan.Zero);

        dispatcher.Tell(new WorkerHeartbeat("node-a", [new RunningAttempt("cpu#0", "s1", "t0001", 1)]), worker);
        Assert.Equal(1, Busy(dispatcher));

        dispatcher.Tell(new WorkerHeartbeat("node-a", []), worker);
        var lost = searches.ExpectMsg<TrialAttemptFailed>();
        Assert.Equal((FailureKind.Lost, "t0001", 1), (lost.Kind, lost.TrialId, lost.Attempt));
        dispatcher.Tell(new SlotDemand("s1", 1, 1));
        Assert.Equal(slot, searches.ExpectMsg<SlotGranted>().Slot);
    }

    [Fact]
    public void A_stop_with_a_token_reaches_the_orphan_and_not_the_attempt_of_the_same_number_started_since()
    {
        var searches = CreateTestProbe();
        var workers = new Dictionary<string, TestProbe> { ["node-a"] = CreateTestProbe(), ["node-b"] = CreateTestProbe() };
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(searches));
        foreach (var (node, worker) in workers)
        {
            dispatcher.Tell(new RegisterWorker(worker, node, ["cpu#0"], []), worker);
            worker.ExpectMsg<WorkerRegistered>();
        }
        dispatcher.Tell(new SlotDemand("s1", 2, 0));
        var orphanSlot = searches.ExpectMsg<SlotGranted>().Slot;
        var sinceSlot = searches.ExpectMsg<SlotGranted>().Slot;
        // The orphan was started by a coordinator that died before journaling it; its successor started the same attempt.
        dispatcher.Tell(new StartTrial(orphanSlot, FirstTrial with { Token = "incarnation-a" }));
        dispatcher.Tell(new StartTrial(sinceSlot, FirstTrial with { Token = "incarnation-b" }));
        workers[orphanSlot.Node].ExpectMsg<RunTrial>();
        workers[sinceSlot.Node].ExpectMsg<RunTrial>();

        dispatcher.Tell(new StopTrial("s1", "t0001", 1, "orphan") { Token = "incarnation-a" });

        Assert.Equal("incarnation-a", workers[orphanSlot.Node].ExpectMsg<StopTrial>().Token);
        workers[sinceSlot.Node].ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // The orphan's end leaves the other attempt placed: a stop by number alone still finds it.
        dispatcher.Tell(new SlotFreed(orphanSlot, "s1", "t0001", 1));
        dispatcher.Tell(new StopTrial("s1", "t0001", 1, "stopped by user"));
        workers[sinceSlot.Node].ExpectMsg<StopTrial>();
    }

    [Fact]
    public void An_attempt_placed_within_the_grace_is_not_lost_while_its_run_message_may_be_in_flight()
    {
        var (dispatcher, _, worker, _) = RunningOneTrial(TimeSpan.FromHours(1));

        dispatcher.Tell(new WorkerHeartbeat("node-a", []), worker);

        Assert.Equal(1, Busy(dispatcher));
    }

    [Fact]
    public void Slots_carry_their_gpu_as_the_last_heartbeat_reported_it()
    {
        var worker = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(CreateTestProbe()));
        dispatcher.Tell(new RegisterWorker(worker, "node-g", ["cuda:0#0", "cuda:0#1", "cuda:1"], []), worker);
        worker.ExpectMsg<WorkerRegistered>();
        var gpu0 = new GpuStatus("cuda:0", "NVIDIA H200", 41, 3L << 30, 140L << 30, 2);
        dispatcher.Tell(new WorkerHeartbeat("node-g", []) { Gpus = [gpu0] }, worker);

        dispatcher.Tell(new GetSlots());
        var slots = ExpectMsg<SlotList>().Slots.ToDictionary(s => s.Device);
        Assert.Equal(gpu0, slots["cuda:0#0"].Gpu);
        Assert.Equal(gpu0, slots["cuda:0#1"].Gpu);
        Assert.Null(slots["cuda:1"].Gpu);

        dispatcher.Tell(new WorkerHeartbeat("node-g", []), worker);
        dispatcher.Tell(new GetSlots());
        Assert.All(ExpectMsg<SlotList>().Slots, s => Assert.Null(s.Gpu));
    }

    [Fact]
    public void A_worker_that_terminates_has_its_attempts_reported_lost()
    {
        var (_, searches, worker, _) = RunningOneTrial(TimeSpan.FromHours(1));

        Sys.Stop(worker);

        var lost = searches.ExpectMsg<TrialAttemptFailed>();
        Assert.Equal(FailureKind.Lost, lost.Kind);
        Assert.Contains("node-a", lost.Reason);
    }

    [Fact]
    public void Free_slots_go_first_to_the_higher_priority_search_then_by_share_and_a_stop_reaches_the_attempts_worker()
    {
        var searches = CreateTestProbe();
        var worker = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(searches, TimeSpan.FromHours(1)));
        dispatcher.Tell(new SlotDemand("low", 10, 0));
        dispatcher.Tell(new SlotDemand("high", 2, 0) { Priority = 5 });
        dispatcher.Tell(new SlotDemand("heavy", 10, 0) { Share = 2 });

        dispatcher.Tell(new RegisterWorker(worker, "node-a", [.. Enumerable.Range(0, 8).Select(i => $"cpu#{i}")], []), worker);
        worker.ExpectMsg<WorkerRegistered>();

        var grants = Enumerable.Range(0, 8).Select(_ => searches.ExpectMsg<SlotGranted>()).ToList();
        Assert.Equal(["high", "high"], grants.Take(2).Select(g => g.SearchId));
        Assert.Equal(4, grants.Count(g => g.SearchId == "heavy"));
        Assert.Equal(2, grants.Count(g => g.SearchId == "low"));

        var trial = new TrialAssignment("high", "t0001", 1, "", Config.Empty, 0);
        dispatcher.Tell(new StartTrial(grants[0].Slot, trial));
        worker.ExpectMsg<RunTrial>();
        dispatcher.Tell(new StopTrial("high", "t0001", 1, "stopped by user"));
        Assert.Equal("t0001", worker.ExpectMsg<StopTrial>().TrialId);

        dispatcher.Tell(new GetDispatchStats());
        var stats = ExpectMsg<DispatchStats>();
        Assert.True(stats.Messages > 0);
        Assert.InRange(stats.BusyFraction, 0, 1);
    }

    [Fact]
    public void An_unreachable_workers_attempts_are_reported_lost_at_once_and_it_gets_no_trial_until_it_is_back()
    {
        var (dispatcher, searches, worker, slot) = RunningOneTrial(TimeSpan.FromHours(1));

        dispatcher.Tell(new TrialDispatcher.NodeReachability("node-a", false));
        var lost = searches.ExpectMsg<TrialAttemptFailed>();
        Assert.Equal((FailureKind.Lost, "t0001", 1), (lost.Kind, lost.TrialId, lost.Attempt));
        Assert.Contains("unreachable", lost.Reason);
        Assert.Equal(0, Busy(dispatcher));
        dispatcher.Tell(new SlotDemand("s1", 1, 1));
        searches.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        dispatcher.Tell(new TrialDispatcher.NodeReachability("node-a", true));
        Assert.Equal(slot, searches.ExpectMsg<SlotGranted>().Slot);
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_worker_back_from_unreachable_still_running_a_given_up_attempt_is_told_to_stop_it()
    {
        var (dispatcher, searches, worker, _) = RunningOneTrial(TimeSpan.FromHours(1));
        dispatcher.Tell(new TrialDispatcher.NodeReachability("node-a", false));
        searches.ExpectMsg<TrialAttemptFailed>();

        dispatcher.Tell(new TrialDispatcher.NodeReachability("node-a", true));
        dispatcher.Tell(new WorkerHeartbeat("node-a", [new RunningAttempt("cpu#0", "s1", "t0001", 1)]), worker);

        var stop = worker.ExpectMsg<StopTrial>();
        Assert.Equal(("t0001", 1), (stop.TrialId, stop.Attempt));
        Assert.Equal(1, Busy(dispatcher));
        dispatcher.Tell(new SlotFreed(new SlotId("node-a", "cpu#0"), "s1", "t0001", 1));
        Assert.Equal(0, Busy(dispatcher));
    }

    [Fact]
    public void A_checked_attempt_that_no_slot_runs_is_reported_lost_but_one_that_just_ended_is_not()
    {
        var (dispatcher, searches, _, slot) = RunningOneTrial(TimeSpan.Zero);
        dispatcher.Tell(new SlotFreed(slot, "s1", "t0001", 1));

        dispatcher.Tell(new CheckRunningAttempts("s1", [new AttemptRef("t0001", 1), new AttemptRef("t0002", 3)]));

        var lost = searches.ExpectMsg<TrialAttemptFailed>();
        Assert.Equal((FailureKind.Lost, "t0002", 3), (lost.Kind, lost.TrialId, lost.Attempt));
        searches.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_checked_attempt_that_runs_is_left_alone()
    {
        var (dispatcher, searches, _, _) = RunningOneTrial(TimeSpan.Zero);

        dispatcher.Tell(new CheckRunningAttempts("s1", [new AttemptRef("t0001", 1)]));

        searches.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
