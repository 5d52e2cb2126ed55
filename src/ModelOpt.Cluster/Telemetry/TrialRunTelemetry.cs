using System.Diagnostics;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Metrics;

namespace ModelOpt.Cluster.Telemetry;

/// <summary>
/// A worker's telemetry of one attempt: the <c>trial.run</c> span, child of the coordinator's <c>trial</c> span through
/// <see cref="TrialAssignment.TraceParent"/>; an <c>epoch</c> span per report (child of the run span, timed by the
/// report, carrying its metrics); the epoch duration histogram and the samples/s gauge.
/// </summary>
public sealed class TrialRunTelemetry : IDisposable
{
    private readonly TrialAssignment _trial;
    private readonly Activity? _run;
    private readonly KeyValuePair<string, object?> _searchTag;
    private readonly KeyValuePair<string, object?>[] _throughputTags;
    private readonly string _throughputKey;

    private TrialRunTelemetry(TrialAssignment trial, string node, string device)
    {
        _trial = trial;
        _searchTag = new("search", trial.SearchId);
        _throughputKey = $"{trial.SearchId}/{trial.TrialId}";
        _throughputTags = [new("node", node), _searchTag, new("trial", trial.TrialId)];
        _run = ModelOptTelemetry.StartDetached("trial.run", ActivityKind.Consumer, ModelOptTelemetry.ParentFrom(trial.TraceParent));
        if (_run is not { IsAllDataRequested: true }) return;
        _run.SetTag("search.id", trial.SearchId);
        _run.SetTag("trial.id", trial.TrialId);
        _run.SetTag("trial.attempt", trial.Attempt);
        _run.SetTag("node", node);
        _run.SetTag("device", device);
        if (trial.InitFromTrial is { } from) _run.SetTag("trial.init_from", from);
    }

    public static TrialRunTelemetry Start(TrialAssignment trial, string node, string device) => new(trial, node, device);

    /// <summary>One epoch ended: its span (ending now, lasting the report's seconds), its duration and throughput.</summary>
    public void Epoch(EpochReport report)
    {
        ModelOptTelemetry.EpochDuration.Record(report.Seconds, _searchTag);
        if (report.Metrics.TryGetValue(MetricNames.SamplesPerSecond, out var samples))
            ModelOptTelemetry.SamplesPerSecond.Set(_throughputKey, samples, _throughputTags);
        if (_run is null) return;
        var end = DateTimeOffset.UtcNow;
        var span = ModelOptTelemetry.StartDetached("epoch", ActivityKind.Internal, _run.Context, end - TimeSpan.FromSeconds(Math.Max(0, report.Seconds)));
        if (span is null) return;
        if (span.IsAllDataRequested)
        {
            span.SetTag("search.id", _trial.SearchId);
            span.SetTag("trial.id", _trial.TrialId);
            span.SetTag("trial.attempt", _trial.Attempt);
            span.SetTag("epoch", report.Epoch);
            foreach (var (name, value) in report.Metrics) span.SetTag($"metric.{name}", value);
        }
        span.SetEndTime(end.UtcDateTime);
        ModelOptTelemetry.Stop(span);
    }

    /// <summary>How the attempt ended on the worker: <c>succeeded</c>, <c>cancelled</c> or a failure kind with its reason.</summary>
    public void End(string outcome, string? reason = null)
    {
        if (_run is not { IsAllDataRequested: true }) return;
        _run.SetTag("trial.outcome", outcome);
        if (reason is null) return;
        _run.SetTag("trial.reason", reason);
        _run.SetStatus(ActivityStatusCode.Error, reason);
    }

    public void Dispose()
    {
        ModelOptTelemetry.SamplesPerSecond.Remove(_throughputKey);
        ModelOptTelemetry.Stop(_run);
    }
}
