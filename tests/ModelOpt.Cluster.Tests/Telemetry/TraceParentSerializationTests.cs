using System.Diagnostics;
using System.Text;
using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cluster.Tests.Telemetry;

/// <summary>The trace context rides in the messages and events that cross nodes and the journal.</summary>
public sealed class TraceParentSerializationTests : IDisposable
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private readonly ActorSystem _system = ActorSystem.Create("traceparent-test");
    private readonly ModelOptSerializer _serializer;

    public TraceParentSerializationTests() => _serializer = new ModelOptSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    private T RoundTrip<T>(T message) where T : notnull =>
        (T)_serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));

    [Fact]
    public void A_trial_assignment_carries_its_traceparent_to_the_worker()
    {
        var assignment = new TrialAssignment("s1", "t0001", 1, "spec", Config.Empty.With("lr", ParameterValue.Float(0.01)), 7) { TraceParent = TraceParent };

        var back = RoundTrip(new RunTrial("cpu#0", assignment));

        Assert.Equal(TraceParent, back.Trial.TraceParent);
        var parent = ModelOptTelemetry.ParentFrom(back.Trial.TraceParent);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parent.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", parent.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, parent.TraceFlags);
    }

    [Fact]
    public void A_submitted_search_journals_its_traceparent_and_older_events_read_without_one()
    {
        var back = RoundTrip(new SearchSubmitted("s1", "spec", DateTimeOffset.UnixEpoch) { TraceParent = TraceParent });
        var older = (SearchSubmitted)_serializer.FromBinary(
            Encoding.UTF8.GetBytes("""{"SearchId":"s1","SpecText":"spec","SubmittedAt":"2026-11-26T12:00:00+00:00"}"""), "search-submitted.1");
        var olderAssignment = (TrialAssignment)_serializer.FromBinary(
            Encoding.UTF8.GetBytes("""{"SearchId":"s1","TrialId":"t0001","Attempt":1,"SpecText":"spec","Config":{},"Seed":7}"""), "trial-assignment.1");

        Assert.Equal(TraceParent, back.TraceParent);
        Assert.Null(older.TraceParent);
        Assert.Null(olderAssignment.TraceParent);
        Assert.Equal(default, ModelOptTelemetry.ParentFrom(olderAssignment.TraceParent));
    }

    [Fact]
    public void A_malformed_traceparent_starts_a_new_trace_instead_of_failing()
    {
        Assert.Equal(default, ModelOptTelemetry.ParentFrom("not-a-traceparent"));
    }
}
