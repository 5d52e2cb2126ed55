using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Cluster.Workers;
using ModelOpt.Search.Workloads;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cluster.Tests.Workers;

public sealed class TrialAttemptTests() : Akka.TestKit.Xunit2.TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp.hostname = 127.0.0.1
    akka.remote.dot-netty.tcp.port = 0
    """)
{
    private static readonly Config Lr = Config.Empty.With("lr", ParameterValue.Float(0.003));

    /// <summary>
    /// A curve trial's epoch is a delay. Run on the worker's thread, it must be awaited: an attempt that waited for it
    /// held that thread for the whole epoch (one thread per busy slot starved a 100-slot node) and could not even take a
    /// stop until the epoch was over. A stopped attempt's outcome is not the search's any more.
    /// </summary>
    [Fact]
    public void A_trial_that_never_blocks_runs_without_holding_a_thread_so_a_stop_during_a_long_epoch_ends_it()
    {
        using var threads = new WorkloadThreads("test");
        var searches = CreateTestProbe();
        var trial = new TrialAssignment("s1", "t0001", 1, TestSpecs.Curve(epochSeconds: 3600), Lr, 7);
        var attempt = new TrialAttempt("cpu#0", trial, searches, "node", null, threads, new SpecCache(TestCatalog.All));

        attempt.Start(TestActor);
        attempt.Stop();

        ExpectMsg<TrialAttempt.Ended>(TimeSpan.FromSeconds(60));
        Assert.False(attempt.EndedBeforeStop);
        Assert.Equal(0, threads.Count);
        searches.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// The report of the budget's last epoch goes with the outcome, not ahead of it, so the search journals both (and
    /// its next start) in one write; earlier epochs' reports go out as they happen.
    /// </summary>
    [Fact]
    public void The_last_epochs_report_goes_with_the_outcome_and_earlier_ones_ahead_of_it()
    {
        using var threads = new WorkloadThreads("test");
        var searches = CreateTestProbe();
        var trial = new TrialAssignment("s1", "t0001", 1, TestSpecs.Curve(epochSeconds: 0.01, epochs: 2), Lr, 7);

        new TrialAttempt("cpu#0", trial, searches, "node", null, threads, new SpecCache(TestCatalog.All)).Start(TestActor);

        Assert.Equal(1, searches.ExpectMsg<TrialEpoch>(TimeSpan.FromSeconds(30)).Report.Epoch);
        var ended = ExpectMsg<TrialAttempt.Ended>(TimeSpan.FromSeconds(30));
        var succeeded = Assert.IsType<TrialSucceeded>(ended.Outcome);
        Assert.Equal(2, succeeded.LastReport?.Epoch);
        searches.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// An attempt that cannot even start its workload (here: a spec no worker can read) fails as a crash, and the worker
    /// frees the slot and keeps serving, as it did when each attempt was a child actor whose crash it supervised.
    /// </summary>
    [Fact]
    public void An_attempt_that_cannot_start_fails_as_a_crash_and_frees_its_slot()
    {
        var dispatcher = CreateTestProbe();
        var searches = CreateTestProbe();
        var worker = Sys.ActorOf(WorkerNode.Props(["cpu#0"], TestCatalog.All, dispatcher, searches, null));
        dispatcher.ExpectMsg<RegisterWorker>(TimeSpan.FromSeconds(30));
        dispatcher.Reply(new WorkerRegistered("node"));

        worker.Tell(new RunTrial("cpu#0", new TrialAssignment("s1", "t0001", 1, "not: [a spec", Lr, 7)) { MayHold = true });

        var failed = searches.ExpectMsg<TrialAttemptFailed>(TimeSpan.FromSeconds(30));
        Assert.Equal(FailureKind.Crash, failed.Kind);
        Assert.StartsWith("the trial runner crashed: ", failed.Reason);
        dispatcher.FishForMessage(m => m is SlotFreed { TrialId: "t0001" }, TimeSpan.FromSeconds(30));

        worker.Tell(new RunTrial("cpu#0", new TrialAssignment("s1", "t0002", 1, TestSpecs.Branin(), Config.Empty.With("x0", ParameterValue.Float(1)).With("x1", ParameterValue.Float(2)), 7)));
        Assert.Equal("t0002", searches.FishForMessage<TrialSucceeded>(_ => true, TimeSpan.FromSeconds(30)).TrialId);
    }
}
