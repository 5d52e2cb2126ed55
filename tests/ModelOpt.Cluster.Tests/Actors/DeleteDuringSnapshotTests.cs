using Akka.Actor;
using Akka.Persistence;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

/// <summary>
/// A delete that arrives while one of the search's snapshots is being saved waits for that save: the store does not
/// order a save before a later delete, and a snapshot stored after the delete brought the deleted search back (running,
/// as the snapshot had it).
/// </summary>
[Collection(GatedJournal.Collection)]
public sealed class DeleteDuringSnapshotTests() : Akka.TestKit.Xunit2.TestKit(GatedSnapshotStore.Config)
{
    private static readonly SlotId Slot = new("node-a", "cpu#0");

    protected override void Dispose(bool disposing)
    {
        GatedSnapshotStore.Gate.Open();
        base.Dispose(disposing);
    }

    [Fact]
    public void A_delete_waits_for_the_snapshot_being_saved_and_leaves_no_snapshot()
    {
        const string searchId = "deleted-while-snapshotting";
        var dispatcher = CreateTestProbe();
        var search = Sys.ActorOf(SearchEntity.Props(searchId, TestCatalog.All, dispatcher, CreateTestProbe(), snapshotEvery: 1));
        search.Tell(new SubmitSearch(searchId, TestSpecs.Branin(trials: 1, concurrent: 1, retries: 0)));
        Assert.True(ExpectMsg<SubmitResult>().Accepted);
        search.Tell(new SlotGranted(searchId, Slot));
        var trial = ((StartTrial)dispatcher.FishForMessage(m => m is StartTrial, TimeSpan.FromSeconds(5))).Trial;

        GatedSnapshotStore.Gate.Shut();
        search.Tell(new TrialSucceeded(searchId, trial.TrialId, trial.Attempt, new Dictionary<string, double> { ["value"] = 1.0 }));
        AwaitAssert(() =>
        {
            search.Tell(new GetSearch(searchId));
            Assert.False(ExpectMsg<SearchView>().Search!.IsRunning);
            Assert.False(GatedSnapshotStore.NoSaveInFlight);
        }, TimeSpan.FromSeconds(10));

        search.Tell(new DeleteSearch(searchId));
        GatedSnapshotStore.Gate.Open();
        Assert.Equal(SearchCleaned.Deleted, ExpectMsg<SearchCleaned>(TimeSpan.FromSeconds(10)).Action);

        AwaitCondition(() => GatedSnapshotStore.NoSaveInFlight, TimeSpan.FromSeconds(10));
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        store.Tell(new LoadSnapshot(SearchEntity.PersistenceIdOf(searchId), SnapshotSelectionCriteria.Latest, long.MaxValue));
        Assert.Null(ExpectMsg<LoadSnapshotResult>().Snapshot);
    }
}
