using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Cluster.Workers;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cluster.Tests.Workers;

public sealed class TrialRunnerTests() : Akka.TestKit.Xunit2.TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp.hostname = 127.0.0.1
    akka.remote.dot-netty.tcp.port = 0
    """)
{
    /// <summary>
    /// A curve trial's epoch is a delay. Run on the runner's own (thread-pool) thread, it must be awaited: a runner that
    /// waited for it held its thread for the whole epoch (one pool thread per busy slot starved a 100-slot node) and
    /// could not even take a stop until the epoch was over.
    /// </summary>
    [Fact]
    public void A_trial_that_never_blocks_runs_without_holding_its_runner_so_a_stop_during_a_long_epoch_ends_it()
    {
        using var threads = new WorkloadThreads("test");
        var searches = CreateTestProbe();
        var trial = new TrialAssignment("s1", "t0001", 1, TestSpecs.Curve(epochSeconds: 3600), Config.Empty.With("lr", ParameterValue.Float(0.003)), 7);
        var runner = Watch(Sys.ActorOf(TrialRunner.Props("cpu#0", trial, searches, null, threads, new SpecCache(TestCatalog.All))));

        runner.Tell(new TrialRunner.Stop());

        ExpectTerminated(runner, TimeSpan.FromSeconds(60));
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
        var trial = new TrialAssignment("s1", "t0001", 1, TestSpecs.Curve(epochSeconds: 0.01, epochs: 2), Config.Empty.With("lr", ParameterValue.Float(0.003)), 7);

        ChildActorOf(TrialRunner.Props("cpu#0", trial, searches, null, threads, new SpecCache(TestCatalog.All)));

        Assert.Equal(1, searches.ExpectMsg<TrialEpoch>(TimeSpan.FromSeconds(30)).Report.Epoch);
        var finished = ExpectMsg<TrialRunner.Finished>(TimeSpan.FromSeconds(30));
        var succeeded = Assert.IsType<TrialSucceeded>(finished.Outcome);
        Assert.Equal(2, succeeded.LastReport?.Epoch);
        searches.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
