using ModelOpt.Cluster.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cluster.Tests.Telemetry;

/// <summary>
/// The coordinator's per-search telemetry, fed events directly, observed through the BCL listeners (process-wide, so
/// every observation is picked by this test's search id).
/// </summary>
public sealed class SearchTelemetryTests : IDisposable
{
    private readonly string _searchId = $"telemetry-{Guid.NewGuid():N}";
    private readonly ConcurrentQueue<(string Name, long Value, string? Cause)> _counts = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;

    public SearchTelemetryTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ModelOptTelemetry.Name && instrument.Name.StartsWith("modelopt.trials.", StringComparison.Ordinal))
                listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? search = null, cause = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "search") search = tag.Value as string;
                if (tag.Key == "cause") cause = tag.Value as string;
            }
            if (search == _searchId) _counts.Enqueue((instrument.Name, value, cause));
        });
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ModelOptTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("search.id") == _searchId) _spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    [Fact]
    public void Exploits_and_lost_attempts_count_as_requeued_so_started_balances_the_outcomes()
    {
        var telemetry = new SearchTelemetry(_searchId);
        var (state, trial) = SearchWithOneTrial();
        var slot = new SlotId("akka.tcp://modelopt@127.0.0.1:4160", "cpu#0");

        telemetry.TrialPlaced(state, trial with { Attempts = 1 }, slot);
        telemetry.Record(new TrialStarted(trial.Id, 1, slot.Node, slot.Device, DateTimeOffset.UnixEpoch), state);
        telemetry.Record(new TrialExploited(trial.Id, "t0002", trial.Config, 2, "exploit t0002"), state);
        telemetry.TrialPlaced(state, trial with { Attempts = 2 }, slot);
        telemetry.Record(new TrialStarted(trial.Id, 2, slot.Node, slot.Device, DateTimeOffset.UnixEpoch), state);
        telemetry.Record(new TrialRequeued(trial.Id, "worker lost"), state);
        telemetry.TrialPlaced(state, trial with { Attempts = 3 }, slot);
        telemetry.Record(new TrialStarted(trial.Id, 3, slot.Node, slot.Device, DateTimeOffset.UnixEpoch), state);
        telemetry.Record(new TrialCompleted(trial.Id, new Dictionary<string, double> { ["value"] = 1 }, DateTimeOffset.UnixEpoch), state);

        long Sum(string name, string? cause = null) => _counts.Where(c => c.Name == name && (cause is null || c.Cause == cause)).Sum(c => c.Value);
        Assert.Equal(3, Sum("modelopt.trials.started"));
        Assert.Equal(1, Sum("modelopt.trials.requeued", "exploit"));
        Assert.Equal(1, Sum("modelopt.trials.requeued", "lost"));
        Assert.Equal(1, Sum("modelopt.trials.completed"));
        Assert.Equal(Sum("modelopt.trials.started"), Sum("modelopt.trials.completed") + Sum("modelopt.trials.requeued"));
        Assert.Equal(["exploited", "requeued", "completed"], _spans.Where(s => s.OperationName == "trial").Select(s => (string?)s.GetTagItem("trial.outcome")));
        Assert.Equal([1, 2, 3], _spans.Select(s => (int)s.GetTagItem("trial.attempt")!));
    }

    [Fact]
    public void Spans_still_open_when_the_entity_stops_end_as_interrupted()
    {
        var telemetry = new SearchTelemetry(_searchId);
        var (state, trial) = SearchWithOneTrial();

        var traceParent = telemetry.TrialPlaced(state, trial, new SlotId("node", "cpu#0"));
        telemetry.Stopped();

        var span = Assert.Single(_spans);
        Assert.Equal("interrupted", span.GetTagItem("trial.outcome"));
        Assert.Equal(span.Id, traceParent);
        Assert.True(span.IsStopped);
    }

    private (SearchState State, TrialState Trial) SearchWithOneTrial()
    {
        var spec = """
            apiVersion: modelopt/v1
            name: telemetry-unit
            objective: {metric: value, mode: min}
            space:
              x0: {type: float, low: -5, high: 10}
              x1: {type: float, low: 0, high: 15}
            budget: {maxTrials: 3, maxConcurrent: 1}
            workload: {kind: function, function: branin}
            """;
        var state = SearchState.Empty(_searchId, TestCatalog.All).DecideSubmit(spec, DateTimeOffset.UnixEpoch).State;
        var config = Config.Empty.With("x0", ParameterValue.Float(1)).With("x1", ParameterValue.Float(2));
        return (state, TrialState.Suggested("t0001", 1, config, 7));
    }
}
