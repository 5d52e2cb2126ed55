using System.Diagnostics.Metrics;
using ModelOpt.Node.Telemetry;
using ModelOpt.Node.Tests.Deployment;
using ModelOpt.Node.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace ModelOpt.Node.Tests.Telemetry;

/// <summary>The scrape endpoint's text: the collector's names, cumulative values, escaped labels, a format promtool reads.</summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private readonly Meter _meter = new($"ModelOpt.Tests.Scrape.{Guid.NewGuid():N}");
    private readonly PrometheusScrape _scrape = new();
    private readonly MeterProvider _provider;

    public PrometheusScrapeTests() => _provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(_scrape.Reader).Build();

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task Instruments_are_written_under_the_collectors_prometheus_names()
    {
        var started = _meter.CreateCounter<long>("modelopt.trials.started", "{trial}");
        var latency = _meter.CreateHistogram<double>("modelopt.dispatch.latency", "ms");
        var memory = _meter.CreateUpDownCounter<long>("process.memory", "By");
        var rate = _meter.CreateObservableGauge("modelopt.training.samples_per_second", () => new Measurement<double>(1.5, new KeyValuePair<string, object?>("node", "w1")));
        started.Add(2, new KeyValuePair<string, object?>("search", "s-1"));
        started.Add(1, new KeyValuePair<string, object?>("search", "s-1"));
        latency.Record(3);
        latency.Record(700);
        memory.Add(4096);

        var text = await _scrape.CollectAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("# TYPE modelopt_trials_started_total counter\n", text);
        Assert.Contains("modelopt_trials_started_total{search=\"s-1\"} 3\n", text);
        Assert.Contains("# TYPE modelopt_dispatch_latency_milliseconds histogram\n", text);
        Assert.Contains("modelopt_dispatch_latency_milliseconds_bucket{le=\"5\"} 1\n", text);
        Assert.Contains("modelopt_dispatch_latency_milliseconds_bucket{le=\"500\"} 1\n", text);
        Assert.Contains("modelopt_dispatch_latency_milliseconds_bucket{le=\"750\"} 2\n", text);
        Assert.Contains("modelopt_dispatch_latency_milliseconds_bucket{le=\"+Inf\"} 2\n", text);
        Assert.Contains("modelopt_dispatch_latency_milliseconds_sum 703\n", text);
        Assert.Contains("modelopt_dispatch_latency_milliseconds_count 2\n", text);
        Assert.Contains("# TYPE process_memory_bytes gauge\nprocess_memory_bytes 4096\n", text);
        Assert.Contains("modelopt_training_samples_per_second{node=\"w1\"} 1.5\n", text);
        GC.KeepAlive(rate);

        // Cumulative: a second scrape adds to the first.
        started.Add(4, new KeyValuePair<string, object?>("search", "s-1"));
        Assert.Contains("modelopt_trials_started_total{search=\"s-1\"} 7\n", await _scrape.CollectAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Label_values_are_escaped_and_attribute_names_sanitised()
    {
        var failed = _meter.CreateCounter<long>("modelopt.trials.failed");
        failed.Add(1, new KeyValuePair<string, object?>("search", "a \"quoted\" \\ name\nwith a newline"), new("error.type", "x"));

        var text = await _scrape.CollectAsync(TimeSpan.FromSeconds(10));

        var line = Assert.Single(text.Split('\n'), l => l.StartsWith("modelopt_trials_failed_total{", StringComparison.Ordinal));
        Assert.Contains("search=\"a \\\"quoted\\\" \\\\ name\\nwith a newline\"", line);
        Assert.Contains("error_type=\"x\"", line);
        Assert.EndsWith("} 1", line);
    }

    [PrometheusFact]
    public async Task Promtool_parses_a_nodes_whole_scrape()
    {
        // The runtime meter beside a histogram, as on a node.
        var scrape = new PrometheusScrape();
        using var own = Sdk.CreateMeterProviderBuilder().AddMeter(TelemetryServiceExtensions.RuntimeMeter, _meter.Name).AddReader(scrape.Reader).Build();
        _meter.CreateHistogram<double>("modelopt.epoch.duration", "s").Record(0.25, new KeyValuePair<string, object?>("search", "s"));

        var text = await scrape.CollectAsync(TimeSpan.FromSeconds(10));
        var (_, output) = PrometheusTools.RunPromtool(RepositoryPaths.Root, text, "check", "metrics");

        Assert.Contains("dotnet_gc_collections_total", text);
        // promtool also lints names (the runtime's dotnet_timer_count, the dashboards' modelopt_slots_total); only a
        // parse error fails here.
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }
}
