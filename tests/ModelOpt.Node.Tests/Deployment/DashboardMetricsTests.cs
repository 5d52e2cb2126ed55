using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Node.Telemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Every product metric the Grafana dashboards and alerts query is one the product's meter publishes, under the collector's naming.</summary>
public sealed class DashboardMetricsTests
{
    [Fact]
    public void Dashboards_query_only_metrics_the_product_emits()
    {
        var emitted = PrometheusNames();
        var queried = Directory.GetFiles(RepositoryPaths.Of("deploy", "grafana", "dashboards"), "*.json").Append(RepositoryPaths.Of("deploy", "prometheus", "alerts.yml"))
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"modelopt_[a-z_]+").Select(m => m.Value))
            .Select(name => Regex.Replace(name, "_(bucket|sum|count)$", ""))
            .ToHashSet();

        Assert.NotEmpty(queried);
        Assert.All(queried, metric => Assert.Contains(metric, emitted));
    }

    /// <summary>The Prometheus names of the meter's instruments, as the node's scrape endpoint and the collector write them.</summary>
    private static HashSet<string> PrometheusNames()
    {
        var names = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter != ModelOptTelemetry.Meter) return;
                var type = instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>) ? MetricType.LongSum : MetricType.LongGauge;
                lock (names) names.Add(PrometheusText.NameOf(instrument.Name, instrument.Unit, type));
            },
        };
        listener.Start();
        return names;
    }
}
