using Akka.Actor;
using Akka.TestKit;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

/// <summary>
/// A result that arrives with its slot (the worker kept it for the search) starts the search's next trial on that
/// worker directly, while both are being journaled in one write, with no grant from the dispatcher; a search with
/// nothing left to run gives the slot back at once; a start the worker refuses waits for another slot without spending
/// a retry.
/// </summary>
[Collection(GatedJournal.Collection)]
public sealed class HeldSlotTests() : Akka.TestKit.Xunit2.TestKit(GatedJournal.Config)
{
    private static readonly SlotId Slot = new("node-a", "cpu#0");
    private static readonly Dictionary<string, double> Value = new() { ["value"] = 1.0 };

    protected override void Dispose(bool disposing)
    {
        GatedJournal.Gate.Open();
        base.Dispose(disposing);
    }

    /// <summary>A search of <paramref name="trials"/> Branin trials, one at a time, running its first trial on <see cref="Slot"/>.</summary>
    private (IActorRef Search, TestProbe Dispatcher, TrialAssignment First) RunningFirstTrial(string searchId, int trials)
    {
        var dispatcher = CreateTestProbe();
        var search = Sys.ActorOf(SearchEntity.Props(searchId, TestCatalog.All, dispatcher, CreateTestProbe(), snapshotEvery: 0));
        search.Tell(new SubmitSearch(searchId, TestSpecs.Branin(trials: trials, concurrent: 1, retries: 0)));
        Assert.True(ExpectMsg<SubmitResult>().Accepted);
        search.Tell(new SlotGranted(searchId, Slot));
        return (search, dispatcher, Next<StartTrial>(dispatcher).Trial);
    }

    [Fact]
    public void A_result_with_its_held_slot_starts_the_next_trial_on_that_worker_during_their_write_without_a_grant()
    {
        var (search, dispatcher, first) = RunningFirstTrial("s1", trials: 3);
        var worker = CreateTestProbe();

        GatedJournal.Gate.Shut();
        search.Tell(new TrialSucceeded("s1", first.TrialId, first.Attempt, Value)
        {
            Held = new HeldSlot(Slot, worker), LastReport = new Search.Workloads.EpochReport(1, Value, 0.001),
        });
        var run = worker.ExpectMsg<RunHeldTrial>(TimeSpan.FromSeconds(5));
        GatedJournal.Gate.Open();
        Assert.Equal((Slot.Device, new AttemptRef(first.TrialId, first.Attempt)), (run.Device, run.Ended));
        Assert.NotEqual(first.TrialId, run.Trial.TrialId);
        Assert.Equal(("s1", 1), (run.Trial.SearchId, run.Trial.Attempt));
        // The dispatcher is asked for nothing: no start through it, and the demand did not grow.
        AssertNoneOf<StartTrial, ReleaseSlot>(dispatcher, m => m is SlotDemand { Wanted: > 0 }, TimeSpan.FromMilliseconds(500));

        search.Tell(new GetSearch("s1"));
        var trials = ExpectMsg<SearchView>().Search!.Trials;
        Assert.Equal(2, trials.Count);
        // The last report that came with the result was journaled with it.
        Assert.Equal(1, trials.Single(t => t.TrialId == first.TrialId).Curve.Single().Epoch);
    }

    [Fact]
    public void A_search_with_nothing_left_to_run_gives_the_held_slot_back_at_once()
    {
        var (search, _, first) = RunningFirstTrial("s2", trials: 1);
        var worker = CreateTestProbe();

        search.Tell(new TrialSucceeded("s2", first.TrialId, first.Attempt, Value) { Held = new HeldSlot(Slot, worker) });

        var release = worker.ExpectMsg<ReleaseHeldSlot>(TimeSpan.FromSeconds(5));
        Assert.Equal(("s2", new AttemptRef(first.TrialId, first.Attempt)), (release.SearchId, release.Ended));
    }

    [Fact]
    public void A_start_the_worker_refused_runs_on_the_next_slot_without_spending_a_retry()
    {
        var (search, dispatcher, first) = RunningFirstTrial("s3", trials: 3);
        var worker = CreateTestProbe();
        search.Tell(new TrialSucceeded("s3", first.TrialId, first.Attempt, Value) { Held = new HeldSlot(Slot, worker) });
        var refused = worker.ExpectMsg<RunHeldTrial>(TimeSpan.FromSeconds(5)).Trial;

        search.Tell(new HeldStartRefused("s3", refused.TrialId, refused.Attempt, "the hold ended"));
        Next<SlotDemand>(dispatcher, d => d.Wanted > 0);
        search.Tell(new SlotGranted("s3", Slot));

        var again = Next<StartTrial>(dispatcher).Trial;
        Assert.Equal((refused.TrialId, 2), (again.TrialId, again.Attempt));
    }

    private static T Next<T>(TestProbe probe, Func<T, bool>? where = null) =>
        (T)probe.FishForMessage(m => m is T t && (where is null || where(t)), TimeSpan.FromSeconds(5));

    private static void AssertNoneOf<T1, T2>(TestProbe probe, Func<object, bool> alsoForbidden, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
            if (probe.ReceiveOne(until - DateTime.UtcNow) is { } m && (m is T1 or T2 || alsoForbidden(m)))
                Assert.Fail($"the dispatcher got {m}");
    }
}
