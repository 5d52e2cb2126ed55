using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Cluster.Workers;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Workers;

/// <summary>
/// A worker stops only the attempt whose token a stop names: an orphan (started by a coordinator that died before
/// journaling it) and the attempt its search started since may share a trial id and attempt number. What the worker
/// tells the search about an attempt carries that attempt's token.
/// </summary>
public sealed class WorkerFencingTests() : Akka.TestKit.Xunit2.TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp.hostname = 127.0.0.1
    akka.remote.dot-netty.tcp.port = 0
    """)
{
    private static readonly Config Lr = Config.Empty.With("lr", ParameterValue.Float(0.003));

    [Fact]
    public void A_stop_with_another_token_leaves_the_attempt_running_and_one_with_its_token_stops_it()
    {
        var dispatcher = CreateTestProbe();
        var searches = CreateTestProbe();
        var worker = Sys.ActorOf(WorkerNode.Props(["cpu#0"], TestCatalog.All, dispatcher, searches, null));
        dispatcher.ExpectMsg<RegisterWorker>(TimeSpan.FromSeconds(30));
        dispatcher.Reply(new WorkerRegistered("node"));
        var orphan = new TrialAssignment("s1", "t0001", 1, TestSpecs.Curve(epochSeconds: 3600), Lr, 7) { Token = "incarnation-a" };
        worker.Tell(new RunTrial("cpu#0", orphan));

        worker.Tell(new StopTrial("s1", "t0001", 1, "the attempt started since") { Token = "incarnation-b" });
        // Still running: another start on its slot is refused as busy, under the refused attempt's token.
        worker.Tell(new RunTrial("cpu#0", orphan with { TrialId = "t0002", Token = "incarnation-c" }));
        var busy = searches.FishForMessage<TrialAttemptFailed>(_ => true, TimeSpan.FromSeconds(30));
        Assert.Equal(("t0002", FailureKind.Lost, "incarnation-c"), (busy.TrialId, busy.Kind, busy.Token));

        worker.Tell(new StopTrial("s1", "t0001", 1, "orphan") { Token = "incarnation-a" });
        dispatcher.FishForMessage(m => m is SlotFreed { TrialId: "t0001" }, TimeSpan.FromSeconds(30));
    }
}
