using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using Xunit;

namespace ModelOpt.Cluster.Tests.Dispatch;

/// <summary><c>mopt worker list|drain</c> as the dispatcher answers them.</summary>
public sealed class DrainTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_drained_node_gets_no_grants_until_it_is_undrained_and_the_registry_shows_it()
    {
        var searches = CreateTestProbe();
        var workerA = CreateTestProbe();
        var workerB = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TrialDispatcher.Props(searches, TimeSpan.FromHours(1)));
        dispatcher.Tell(new DrainNode("node-a"));
        var drained = ExpectMsg<NodeDrained>();
        dispatcher.Tell(new RegisterWorker(workerA, "node-a", ["cpu#0"], []), workerA);
        dispatcher.Tell(new RegisterWorker(workerB, "node-b", ["cpu#0"], []), workerB);
        workerA.ExpectMsg<WorkerRegistered>();
        workerB.ExpectMsg<WorkerRegistered>();

        dispatcher.Tell(new SlotDemand("s1", 2, 0));
        var grant = searches.ExpectMsg<SlotGranted>();
        dispatcher.Tell(new GetSlots());
        var slots = ExpectMsg<SlotList>().Slots;
        dispatcher.Tell(new DrainNode("node-a", Drain: false));
        var undrained = ExpectMsg<NodeDrained>();
        var second = searches.ExpectMsg<SlotGranted>();

        Assert.True(drained.Draining);
        Assert.Equal("node-b", grant.Slot.Node);
        Assert.Equal([("node-a", true, SlotState.Free), ("node-b", false, SlotState.Granted)], slots.Select(s => (s.Node, s.Draining, s.State)));
        Assert.Equal((false, 1), (undrained.Draining, undrained.Slots));
        Assert.Equal("node-a", second.Slot.Node);
    }
}
