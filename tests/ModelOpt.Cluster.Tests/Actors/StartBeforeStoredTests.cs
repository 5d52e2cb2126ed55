using Akka.Actor;
using Akka.TestKit;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

/// <summary>
/// A trial's start goes out while its journal write is in flight, so the attempt runs during the commit. A result that
/// beats the write is journaled after the start; a start whose write failed is an orphan the recovered search does not
/// know, and its token keeps its result and reports out even when the search starts the same trial and attempt again.
/// (Without the switch a start waits for its write: <see cref="EarlyDemandTests"/>.)
/// </summary>
[Collection(GatedJournal.Collection)]
public sealed class StartBeforeStoredTests() : Akka.TestKit.Xunit2.TestKit(GatedJournal.Config)
{
    private static readonly SlotId Slot = new("node-a", "cpu#0");
    private static readonly Dictionary<string, double> Value = new() { ["value"] = 1.0 };

    protected override void Dispose(bool disposing)
    {
        GatedJournal.Gate.Open();
        base.Dispose(disposing);
    }

    private IActorRef Search(string searchId, TestProbe dispatcher) =>
        Sys.ActorOf(SearchEntity.Props(searchId, TestCatalog.All, dispatcher, CreateTestProbe(), snapshotEvery: 0));

    private IActorRef Submitted(string searchId, TestProbe dispatcher)
    {
        var search = Search(searchId, dispatcher);
        search.Tell(new SubmitSearch(searchId, TestSpecs.Branin(trials: 3, concurrent: 1, retries: 0)));
        Assert.True(ExpectMsg<SubmitResult>().Accepted);
        return search;
    }

    [Fact]
    public void A_result_that_arrives_before_its_starts_write_is_stored_is_journaled_after_the_start()
    {
        var dispatcher = CreateTestProbe();
        var search = Submitted("s1", dispatcher);

        GatedJournal.Gate.Shut();
        search.Tell(new SlotGranted("s1", Slot));
        var first = Next<StartTrial>(dispatcher).Trial;
        Assert.NotNull(first.Token);
        search.Tell(new TrialSucceeded("s1", first.TrialId, first.Attempt, Value) { LastReport = new EpochReport(1, Value, 0.001), Token = first.Token });
        GatedJournal.Gate.Open();
        Assert.Equal(TrialStatus.Completed, TrialOf(search, first.TrialId).Status);

        // What was journaled replays to the same: the start, then its result.
        Stopped(search);
        Assert.Equal(TrialStatus.Completed, TrialOf(Search("s1", CreateTestProbe()), first.TrialId).Status);
    }

    [Fact]
    public void An_orphan_whose_start_was_never_stored_has_no_result_accepted_even_when_the_recovered_search_starts_the_same_attempt()
    {
        var dispatcher = CreateTestProbe();
        var search = Submitted("s2", dispatcher);
        GatedJournal.Gate.Shut();
        search.Tell(new SlotGranted("s2", Slot));
        var orphan = Next<StartTrial>(dispatcher).Trial;
        Watch(search);
        GatedJournal.Gate.FailWaiting();
        ExpectTerminated(search, TimeSpan.FromSeconds(5));
        GatedJournal.Gate.Open();

        var recoveredDispatcher = CreateTestProbe();
        var recovered = Search("s2", recoveredDispatcher);
        Next<SlotDemand>(recoveredDispatcher, d => d.Wanted > 0);
        recovered.Tell(new SlotGranted("s2", Slot));
        var again = Next<StartTrial>(recoveredDispatcher).Trial;
        Assert.Equal((orphan.TrialId, orphan.Attempt), (again.TrialId, again.Attempt));
        Assert.NotEqual(orphan.Token, again.Token);

        recovered.Tell(new TrialSucceeded("s2", orphan.TrialId, orphan.Attempt, Value) { Token = orphan.Token });
        recovered.Tell(new TrialEpoch("s2", orphan.TrialId, orphan.Attempt, new EpochReport(1, Value, 0.001)) { Token = orphan.Token });
        var stop = Next<StopTrial>(recoveredDispatcher);
        Assert.Equal((orphan.TrialId, orphan.Attempt, orphan.Token), (stop.TrialId, stop.Attempt, stop.Token));
        var trial = TrialOf(recovered, again.TrialId);
        Assert.Equal(TrialStatus.Running, trial.Status);
        Assert.Empty(trial.Curve);

        recovered.Tell(new TrialSucceeded("s2", again.TrialId, again.Attempt, Value) { Token = again.Token });
        Assert.Equal(TrialStatus.Completed, TrialOf(recovered, again.TrialId).Status);
    }

    private TrialInfo TrialOf(IActorRef search, string trialId)
    {
        search.Tell(new GetSearch(""));
        return ExpectMsg<SearchView>(TimeSpan.FromSeconds(5)).Search!.Trials.Single(t => t.TrialId == trialId);
    }

    private void Stopped(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, TimeSpan.FromSeconds(5));
    }

    private static T Next<T>(TestProbe probe, Func<T, bool>? where = null) =>
        (T)probe.FishForMessage(m => m is T t && (where is null || where(t)), TimeSpan.FromSeconds(5));
}
