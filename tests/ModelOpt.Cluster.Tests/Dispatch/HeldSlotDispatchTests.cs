using Akka.Actor;
using Akka.TestKit;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cluster.Tests.Dispatch;

/// <summary>
/// The dispatcher's side of a slot held through its result: it learns of the next attempt on a held slot afterwards,
/// keeps its registry and dispatch latency right, and asks held slots back while another search waits (or for a
/// draining node), so fair shares and priorities are decided at every grant as if no slot were kept.
/// </summary>
public sealed class HeldSlotDispatchTests : Akka.TestKit.Xunit2.TestKit
{
    private static TrialAssignment Trial(string searchId, string trialId) => new(searchId, trialId, 1, "", Config.Empty, 0);

    /// <summary>A dispatcher with one slot on node-a running s1's t0001, started with the given priority.</summary>
    private (IActorRef Dispatcher, TestProbe Searches, TestProbe Worker, SlotId Slot) Running(int priority = 0)
    {
        var searches = CreateTestProbe();
        var worker = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(searches, TimeSpan.Zero));
        dispatcher.Tell(new RegisterWorker(worker, "node-a", ["cpu#0"], []), worker);
        worker.ExpectMsg<WorkerRegistered>();
        dispatcher.Tell(new SlotDemand("s1", 1, 0) { Priority = priority });
        var slot = searches.ExpectMsg<SlotGranted>().Slot;
        dispatcher.Tell(new StartTrial(slot, Trial("s1", "t0001")));
        Assert.True(worker.ExpectMsg<RunTrial>().MayHold);
        return (dispatcher, searches, worker, slot);
    }

    [Fact]
    public void A_reused_slot_runs_the_next_attempt_in_the_registry_and_its_gap_is_the_dispatch_latency()
    {
        var (dispatcher, _, worker, slot) = Running();

        dispatcher.Tell(new SlotReused(slot, new AttemptRef("t0001", 1), Trial("s1", "t0002"), GapMs: 3.5), worker);
        // The heartbeat lists the new attempt: nothing is reported lost.
        dispatcher.Tell(new WorkerHeartbeat("node-a", [new RunningAttempt("cpu#0", "s1", "t0002", 1)]), worker);

        dispatcher.Tell(new GetSlots());
        var info = ExpectMsg<SlotList>().Slots.Single();
        Assert.Equal((SlotState.Running, "s1", "t0002"), (info.State, info.SearchId, info.TrialId));
        dispatcher.Tell(new GetDispatchStats());
        var stats = ExpectMsg<DispatchStats>();
        Assert.Equal((2, 1, 3.5), (stats.Placements, stats.Busy, stats.LatencyP50Ms));

        // A stop of the new attempt reaches its worker through the dispatcher.
        dispatcher.Tell(new StopTrial("s1", "t0002", 1, "stopped"));
        Assert.Equal("t0002", worker.ExpectMsg<StopTrial>().TrialId);
    }

    [Fact]
    public void A_stop_that_arrives_before_the_reuse_is_sent_on_when_the_reuse_arrives()
    {
        var (dispatcher, _, worker, slot) = Running();

        dispatcher.Tell(new StopTrial("s1", "t0002", 1, "stopped early"));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        dispatcher.Tell(new SlotReused(slot, new AttemptRef("t0001", 1), Trial("s1", "t0002"), 1), worker);

        Assert.Equal(("t0002", "stopped early"), (worker.ExpectMsg<StopTrial>().TrialId, "stopped early"));
    }

    [Fact]
    public void A_waiting_search_of_equal_claim_gets_the_held_slot_back_after_its_attempt()
    {
        var (dispatcher, searches, worker, slot) = Running();

        dispatcher.Tell(new SlotDemand("s2", 1, 0));

        Assert.Equal("cpu#0", worker.ExpectMsg<ReclaimSlot>().Device);
        // The worker gives the slot back when the attempt ends (it was held 2 ms): it goes to the waiting search.
        dispatcher.Tell(new SlotFreed(slot, "s1", "t0001", 1) { HeldForMs = 2 }, worker);
        Assert.Equal(new SlotGranted("s2", slot), searches.ExpectMsg<SlotGranted>());
    }

    [Fact]
    public void A_trial_placed_while_an_equal_search_waits_is_not_kept_for_its_search()
    {
        var searches = CreateTestProbe();
        var worker = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(searches, TimeSpan.Zero));
        dispatcher.Tell(new RegisterWorker(worker, "node-a", ["cpu#0"], []), worker);
        worker.ExpectMsg<WorkerRegistered>();
        dispatcher.Tell(new SlotDemand("s1", 2, 0));
        var slot = searches.ExpectMsg<SlotGranted>().Slot;
        dispatcher.Tell(new SlotDemand("s2", 1, 0));

        dispatcher.Tell(new StartTrial(slot, Trial("s1", "t0001")));

        Assert.False(worker.ExpectMsg<RunTrial>().MayHold);
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_search_that_alone_waits_keeps_its_held_slots()
    {
        var (dispatcher, _, worker, _) = Running();

        dispatcher.Tell(new SlotDemand("s1", 2, 1));

        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_waiting_search_of_lower_priority_gets_held_slots_back_to_the_queue_too()
    {
        var (dispatcher, _, worker, _) = Running(priority: 5);

        dispatcher.Tell(new SlotDemand("s2", 1, 0));

        // The queue still serves the higher priority first when the slot comes back; only keeping it is given up.
        worker.ExpectMsg<ReclaimSlot>();
    }

    [Fact]
    public void A_waiting_search_of_higher_priority_reclaims_the_held_slot()
    {
        var (dispatcher, _, worker, _) = Running();

        dispatcher.Tell(new SlotDemand("s2", 1, 0) { Priority = 3 });

        worker.ExpectMsg<ReclaimSlot>();
    }

    [Fact]
    public void Draining_a_node_reclaims_its_held_slots_and_a_reuse_already_on_its_way_stays_asked_back()
    {
        var (dispatcher, _, worker, slot) = Running();

        dispatcher.Tell(new DrainNode("node-a"));
        ExpectMsg<NodeDrained>();
        worker.ExpectMsg<ReclaimSlot>();
        // A reuse already on its way when the drain came keeps the slot asked back.
        dispatcher.Tell(new SlotReused(slot, new AttemptRef("t0001", 1), Trial("s1", "t0002"), 1), worker);
        dispatcher.Tell(new DrainNode("node-a", Drain: false));
        ExpectMsg<NodeDrained>();
        dispatcher.Tell(new DrainNode("node-a"));
        ExpectMsg<NodeDrained>();
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_reuse_of_a_slot_given_to_another_search_meanwhile_is_stopped_and_its_attempt_goes_back_unstarted()
    {
        var (dispatcher, searches, worker, slot) = Running();
        // The slot came back (its hold expired) and went to s2 before s1's start reached the worker's dispatcher.
        dispatcher.Tell(new SlotFreed(slot, "s1", "t0001", 1), worker);
        dispatcher.Tell(new SlotDemand("s2", 1, 0));
        searches.ExpectMsg<SlotGranted>();

        dispatcher.Tell(new SlotReused(slot, new AttemptRef("t0001", 1), Trial("s1", "t0002"), 1), worker);

        Assert.Equal("t0002", worker.ExpectMsg<StopTrial>().TrialId);
        Assert.Equal(("s1", "t0002"), searches.ExpectMsg<HeldStartRefused>() is var r ? (r.SearchId, r.TrialId) : default);
    }
}
