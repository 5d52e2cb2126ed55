using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.Telemetry;

/// <summary>
/// A small search on an in-process node with in-memory exporters: one trace per search (search → trial → trial.run →
/// epoch) and the metrics the dashboards read. Other tests in the process use the same static meter, so every
/// measurement is picked by this search's id or this node's address.
/// </summary>
public sealed class SearchTelemetryTests
{
    private const int Trials = 5;
    private const int Epochs = 3;
    private const int Slots = 2;

    private static readonly string Spec = $$"""
        apiVersion: modelopt/v1
        name: telemetry-test
        seed: 11
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
        searcher: random
        scheduler: fifo
        budget: {maxTrials: {{Trials}}, maxConcurrent: {{Slots}}, maxEpochsPerTrial: {{Epochs}}}
        workload: {kind: curve}
        """;

    [Fact]
    public async Task A_small_search_is_one_trace_and_its_metrics_add_up()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var host = NodeHost.Build(
            new NodeOptions { Port = 0, Slots = Slots, Gpus = "none", LogLevel = LogLevel.Warning },
            configureServices: services => services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans))
                .WithMetrics(meters => meters.AddInMemoryExporter(metrics)));
        await host.StartAsync();
        try
        {
            var done = await EmbeddedSearch.RunAsync(host.Services, Spec, TimeSpan.FromSeconds(60));
            var node = Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
            Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

            AssertTrace(Of(spans, done.SearchId), done);
            AssertMetrics(metrics, done.SearchId, node, done);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void AssertTrace(List<Activity> spans, SearchInfo done)
    {
        var search = Assert.Single(spans, s => s.OperationName == "search");
        Assert.Equal(default, search.ParentSpanId);
        Assert.Equal("telemetry-test", search.GetTagItem("search.name"));
        Assert.All(spans, s => Assert.Equal(search.TraceId, s.TraceId));

        var trials = spans.Where(s => s.OperationName == "trial").ToList();
        Assert.Equal(done.Trials.Sum(t => t.Attempts), trials.Count);
        Assert.All(trials, t => Assert.Equal(search.SpanId, t.ParentSpanId));
        foreach (var trial in done.Trials)
        {
            var span = Assert.Single(trials, s => (string?)s.GetTagItem("trial.id") == trial.TrialId);
            Assert.Equal("completed", span.GetTagItem("trial.outcome"));
            Assert.Equal(trial.Config["lr"].AsDouble(), span.GetTagItem("trial.config.lr"));
            Assert.Equal(trial.Objective, span.GetTagItem("trial.objective"));
        }

        var runs = spans.Where(s => s.OperationName == "trial.run").ToList();
        Assert.Equal(trials.Count, runs.Count);
        Assert.All(runs, r => Assert.Contains(trials, t => t.SpanId == r.ParentSpanId));
        Assert.All(runs, r => Assert.Equal("succeeded", r.GetTagItem("trial.outcome")));

        var epochs = spans.Where(s => s.OperationName == "epoch").ToList();
        Assert.Equal(done.Trials.Sum(t => t.Curve.Count), epochs.Count);
        Assert.All(epochs, e => Assert.Contains(runs, r => r.SpanId == e.ParentSpanId));
        Assert.All(epochs, e => Assert.NotNull(e.GetTagItem("metric.accuracy")));
        foreach (var run in runs)
            Assert.Equal([1, 2, 3], epochs.Where(e => e.ParentSpanId == run.SpanId).Select(e => (int)e.GetTagItem("epoch")!).Order());
    }

    private static void AssertMetrics(List<Metric> metrics, string searchId, string node, SearchInfo done)
    {
        long Count(string name) => Points(metrics, name, "search", searchId).Sum(p => p.Long);
        var started = Count("modelopt.trials.started");
        Assert.Equal(Trials, started);
        Assert.Equal(started, Count("modelopt.trials.completed") + Count("modelopt.trials.stopped") + Count("modelopt.trials.failed"));
        Assert.Equal(0, Count("modelopt.trials.requeued"));

        Assert.Equal(Slots, Points(metrics, "modelopt.slots.total", "node", node).Sum(p => p.Long));
        Assert.Equal(Slots, Points(metrics, "modelopt.slots.busy", "node", node).Count);
        Assert.Equal(done.Best!.Objective!.Value, Assert.Single(Points(metrics, "modelopt.search.best_objective", "search", searchId)).Double);

        Assert.Equal(Trials * Epochs, Points(metrics, "modelopt.epoch.duration", "search", searchId).Sum(p => p.Count));
        Assert.True(Points(metrics, "modelopt.dispatch.latency").Sum(p => p.Count) >= Trials - Slots);
        Assert.True(Points(metrics, "modelopt.queue.wait").Sum(p => p.Count) > 0);
    }

    private static List<Activity> Of(List<Activity> spans, string searchId)
    {
        lock (spans) return [.. spans.Where(s => (string?)s.GetTagItem("search.id") == searchId)];
    }

    private sealed record Point(long Long, double Double, long Count);

    /// <summary>The points of one instrument, those whose attribute <paramref name="tag"/> is <paramref name="value"/> when given.</summary>
    private static List<Point> Points(List<Metric> metrics, string name, string? tag = null, string? value = null)
    {
        var points = new List<Point>();
        // Every export appends the provider's (reused) Metric objects again; each counts once.
        foreach (var metric in metrics.Where(m => m.Name == name).Distinct())
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (tag is not null && !HasTag(point, tag, value)) continue;
                points.Add(metric.MetricType switch
                {
                    MetricType.LongSum => new Point(point.GetSumLong(), 0, 0),
                    MetricType.LongGauge => new Point(point.GetGaugeLastValueLong(), 0, 0),
                    MetricType.DoubleGauge => new Point(0, point.GetGaugeLastValueDouble(), 0),
                    MetricType.Histogram => new Point(0, point.GetHistogramSum(), point.GetHistogramCount()),
                    _ => throw new InvalidOperationException($"{name}: unexpected {metric.MetricType}"),
                });
            }
        return points;
    }

    private static bool HasTag(in MetricPoint point, string tag, string? value)
    {
        foreach (var t in point.Tags)
            if (t.Key == tag) return (string?)t.Value == value;
        return false;
    }
}
