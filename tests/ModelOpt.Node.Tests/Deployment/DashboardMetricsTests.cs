using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ModelOpt.Cluster.Telemetry;
using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Every metric the Grafana dashboards query is one the product's meter publishes, under the collector's naming.</summary>
public sealed class DashboardMetricsTests
{
    [Fact]
    public void Dashboards_query_only_metrics_the_product_emits()
    {
        var emitted = PrometheusNames();
        var queried = Directory.GetFiles(RepositoryPaths.Of("deploy", "grafana", "dashboards"), "*.json")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"modelopt_[a-z_]+").Select(m => m.Value))
            .Select(name => Regex.Replace(name, "_(bucket|sum|count)$", ""))
            .ToHashSet();

        Assert.NotEmpty(queried);
        Assert.All(queried, metric => Assert.Contains(metric, emitted));
    }

    /// <summary>
    /// The Prometheus names of the meter's instruments as the collector's Prometheus exporter writes them: dots become
    /// underscores, the unit is appended as a word (annotations in braces add nothing), counters get <c>_total</c>.
    /// </summary>
    private static HashSet<string> PrometheusNames()
    {
        var names = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter != ModelOptTelemetry.Meter) return;
                var unit = instrument.Unit switch
                {
                    "s" => "_seconds",
                    "ms" => "_milliseconds",
                    "By" => "_bytes",
                    null or "" => "",
                    { } u when u.StartsWith('{') => "",
                    { } u => throw new InvalidOperationException($"{instrument.Name}: no Prometheus rule for unit '{u}' in this test"),
                };
                var total = instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>) ? "_total" : "";
                lock (names) names.Add(instrument.Name.Replace('.', '_') + unit + total);
            },
        };
        listener.Start();
        return names;
    }
}
