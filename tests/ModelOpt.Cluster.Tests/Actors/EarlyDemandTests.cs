using Akka.Actor;
using Akka.TestKit;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

/// <summary>
/// A search asks for its next slot as soon as it has decided a result, not after the result is journaled, so the grant
/// travels during the commit; without <c>startBeforeStored</c> the trial it starts on that slot reaches the dispatcher
/// only once stored (with it, see <see cref="StartBeforeStoredTests"/>).
/// </summary>
[Collection(GatedJournal.Collection)]
public sealed class EarlyDemandTests() : Akka.TestKit.Xunit2.TestKit(GatedJournal.Config)
{
    private static readonly SlotId Slot = new("node-a", "cpu#0");

    protected override void Dispose(bool disposing)
    {
        GatedJournal.Gate.Open();
        base.Dispose(disposing);
    }

    [Fact]
    public void A_result_brings_the_next_slot_demand_before_its_commit_and_without_the_switch_the_next_start_waits_for_the_commit()
    {
        var dispatcher = CreateTestProbe();
        var search = Sys.ActorOf(SearchEntity.Props("s1", TestCatalog.All, dispatcher, CreateTestProbe(), snapshotEvery: 0, startBeforeStored: false));
        search.Tell(new SubmitSearch("s1", TestSpecs.Branin(trials: 3, concurrent: 1)));
        Assert.True(ExpectMsg<SubmitResult>().Accepted);
        Assert.Equal(1, Next<SlotDemand>(dispatcher).Wanted);
        search.Tell(new SlotGranted("s1", Slot));
        var first = Next<StartTrial>(dispatcher).Trial;

        GatedJournal.Gate.Shut();
        search.Tell(new TrialSucceeded("s1", first.TrialId, first.Attempt, new Dictionary<string, double> { ["value"] = 1.0 }));
        // Its demand after the first grant (wanted 0) may still be on the way; the one the result brings wants a slot again.
        var demand = (SlotDemand)dispatcher.FishForMessage(m => m is SlotDemand { Wanted: > 0 }, TimeSpan.FromSeconds(5));
        Assert.Equal((1, 1L), (demand.Wanted, demand.GrantsSeen));

        search.Tell(new SlotGranted("s1", Slot));
        AssertNoStart(dispatcher, TimeSpan.FromMilliseconds(500));
        GatedJournal.Gate.Open();
        var second = Next<StartTrial>(dispatcher).Trial;
        Assert.NotEqual(first.TrialId, second.TrialId);
    }

    /// <summary>The next <typeparamref name="T"/> the probe gets, skipping the others (the search's tick re-sends its demand).</summary>
    private static T Next<T>(TestProbe probe) => (T)probe.FishForMessage(m => m is T, TimeSpan.FromSeconds(5));

    private static void AssertNoStart(TestProbe probe, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
            if (probe.ReceiveOne(until - DateTime.UtcNow) is StartTrial start)
                Assert.Fail($"trial {start.Trial.TrialId} was started before its events were journaled");
    }
}
