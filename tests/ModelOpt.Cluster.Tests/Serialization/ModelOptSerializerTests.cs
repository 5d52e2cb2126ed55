using System.Text;
using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Serialization;

public sealed class ModelOptSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-test");
    private readonly ModelOptSerializer _serializer;

    public ModelOptSerializerTests() => _serializer = new ModelOptSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    private T RoundTrip<T>(T message) where T : notnull =>
        (T)_serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));

    private static readonly Config MixedConfig = Config.Empty
        .With("lr", ParameterValue.Float(0.001))
        .With("layers", ParameterValue.Int(3))
        .With("activation", ParameterValue.String("relu"))
        .With("batch_norm", ParameterValue.Bool(true));

    [Fact]
    public void Configurations_keep_each_value_kind()
    {
        var back = RoundTrip(new TrialSuggested("t0001", MixedConfig));

        Assert.Equal(MixedConfig, back.Config);
        Assert.Equal(ValueKind.Int, back.Config["layers"].Kind);
        Assert.Equal(ValueKind.Float, back.Config["lr"].Kind);
    }

    [Fact]
    public void Configurations_are_written_as_journals_hold_them()
    {
        // The bytes journaled and snapshotted before the converters wrote pair by pair: readers of old journals and
        // the journals' size depend on them staying the same.
        var config = MixedConfig.With("nan", ParameterValue.Float(double.NaN)).With("inf", ParameterValue.Float(double.NegativeInfinity))
            .With("tiny", ParameterValue.Float(1e-300)).With("name \"quoted\"", ParameterValue.String("ü\n"));

        var json = Encoding.UTF8.GetString(_serializer.ToBinary(new TrialSuggested("t0001", config)));

        const string Journaled = """{"TrialId":"t0001","Config":{"activation":{"s":"relu"},"batch_norm":{"b":true},"inf":{"f":"-Infinity"},"layers":{"i":3},"lr":{"f":0.001},"name \u0022quoted\u0022":{"s":"\u00FC\n"},"nan":{"f":"NaN"},"tiny":{"f":1E-300}}}""";
        Assert.Equal(Journaled, json);
        Assert.Equal(config, RoundTrip(new TrialSuggested("t0001", config)).Config);
    }

    [Fact]
    public void Reports_keep_non_finite_metrics_and_failures_keep_their_kind()
    {
        var report = RoundTrip(new TrialReported("t0002", new EpochReport(3, new Dictionary<string, double> { ["loss"] = double.NaN, ["acc"] = 0.5 }, 1.5)));
        var failed = RoundTrip(new TrialFailed("t0002", FailureKind.OutOfMemory, "CUDA out of memory", DateTimeOffset.UnixEpoch));

        Assert.True(double.IsNaN(report.Report.Metrics["loss"]));
        Assert.Equal(3, report.Report.Epoch);
        Assert.Equal(FailureKind.OutOfMemory, failed.Kind);
    }

    [Fact]
    public void Heartbeats_and_slots_keep_their_gpus_and_older_messages_without_them_still_read()
    {
        var gpu = new GpuStatus("cuda:0", "NVIDIA H200", null, 5L << 30, 140L << 30, 3);
        var heartbeat = RoundTrip(new WorkerHeartbeat("node-a", []) { Gpus = [gpu] });
        var slot = RoundTrip(new SlotInfo("node-a", "cuda:0#2", SlotState.Running, false, "s1", "t0004") { Gpu = gpu });
        var old = (WorkerHeartbeat)_serializer.FromBinary(Encoding.UTF8.GetBytes("""{"Node":"node-a","Running":[]}"""), "worker-heartbeat.1");

        Assert.Equal(gpu, Assert.Single(heartbeat.Gpus!));
        Assert.Equal(gpu, slot.Gpu);
        Assert.Null(old.Gpus);
    }

    [Fact]
    public void Actor_references_resolve_back_to_the_same_actor()
    {
        var actor = _system.ActorOf(Props.Empty, "worker");

        var back = RoundTrip(new RegisterWorker(actor, "node-a", ["cpu#0", "cpu#1"], [new RunningAttempt("cpu#0", "s1", "t0001", 2)]));

        Assert.Equal(actor, back.Worker);
        Assert.Equal(2, back.Busy[0].Attempt);
    }

    [Fact]
    public void Every_manifest_is_versioned_and_distinct()
    {
        var manifests = ModelOptSerializer.KnownTypes.Select(t => _serializer.Manifest(RuntimeHelpers(t))).ToList();

        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, m => Assert.Matches(@"^[a-z-]+\.\d+$", m));
    }

    [Fact]
    public void An_event_written_with_more_fields_or_fewer_still_reads()
    {
        var newer = Encoding.UTF8.GetBytes("""{"TrialId":"t0003","Reason":"worse than median","StoppedAt":"2026-11-26T12:00:00+00:00","Rung":2}""");
        var older = Encoding.UTF8.GetBytes("""{"TrialId":"t0003"}""");

        var fromNewer = (TrialStopped)_serializer.FromBinary(newer, "trial-stopped.1");
        var fromOlder = (TrialRequeued)_serializer.FromBinary(older, "trial-requeued.1");

        Assert.Equal("worse than median", fromNewer.Reason);
        Assert.Equal("t0003", fromOlder.TrialId);
    }

    [Fact]
    public void Trial_artifacts_round_trip_and_a_completed_event_journaled_before_them_reads_with_none()
    {
        var artifacts = new Dictionary<string, string> { ["confusion_matrix"] = "actual\\predicted,a\na,1\n" };
        var succeeded = RoundTrip(new TrialSucceeded("s", "t0001", 1, new Dictionary<string, double> { ["value"] = 1 }) { Artifacts = artifacts });
        var completed = RoundTrip(new TrialCompleted("t0001", new Dictionary<string, double> { ["value"] = 1 }, DateTimeOffset.UnixEpoch) { Artifacts = artifacts });
        var older = Encoding.UTF8.GetBytes("""{"TrialId":"t0001","Metrics":{"value":1},"CompletedAt":"2026-11-26T12:00:00+00:00"}""");

        var fromOlder = (TrialCompleted)_serializer.FromBinary(older, "trial-completed.1");

        Assert.Equal(artifacts, succeeded.Artifacts);
        Assert.Equal(artifacts, completed.Artifacts);
        Assert.Null(fromOlder.Artifacts);
        Assert.Equal(1, fromOlder.Metrics["value"]);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary([], "trial-teleported.1"));
        Assert.Contains("trial-teleported.1", error.Message);
    }

    /// <summary>An instance of any known type without calling its constructor: enough to ask for its manifest.</summary>
    private static object RuntimeHelpers(Type type) => System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
}
