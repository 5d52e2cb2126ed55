using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ModelOpt.Node.Telemetry;

/// <summary>
/// The node's Prometheus scrape endpoint's source: a pull-mode metric reader on the node's meter provider. Each scrape
/// collects the product's and the runtime's instruments (cumulative, as Prometheus expects) and renders them with
/// <see cref="PrometheusText"/>. Scrapes are serialised: a collection runs every observable gauge's callback.
/// </summary>
public sealed class PrometheusScrape
{
    private readonly TextExporter _exporter = new();
    private readonly SemaphoreSlim _one = new(1, 1);

    public PrometheusScrape() => Reader = new BaseExportingMetricReader(_exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };

    /// <summary>Added to the node's meter provider.</summary>
    public MetricReader Reader { get; }

    /// <summary>The current metrics as exposition text; throws <see cref="TimeoutException"/> when collection fails or does not finish in time.</summary>
    public async Task<string> CollectAsync(TimeSpan timeout)
    {
        if (!await _one.WaitAsync(timeout)) throw new TimeoutException("another scrape is still collecting");
        try
        {
            _exporter.Text = "";
            if (!Reader.Collect((int)timeout.TotalMilliseconds)) throw new TimeoutException($"metric collection failed or took longer than {timeout.TotalSeconds:0.#} s");
            return _exporter.Text;
        }
        finally
        {
            _one.Release();
        }
    }

    // No ExportModes(Pull) attribute: the SDK lets a pull-only exporter collect only inside its own internal pull scope.
    private sealed class TextExporter : BaseExporter<Metric>
    {
        public string Text { get; set; } = "";

        public override ExportResult Export(in Batch<Metric> batch)
        {
            var text = new StringBuilder();
            foreach (var metric in batch) PrometheusText.Write(text, metric);
            Text = text.ToString();
            return ExportResult.Success;
        }
    }
}
