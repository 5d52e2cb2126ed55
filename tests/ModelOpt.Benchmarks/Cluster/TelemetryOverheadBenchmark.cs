using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;
using ModelOpt.Node;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ModelOpt.Benchmarks.Specs;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// What telemetry costs the dispatch path: the same microsecond-trial search (as <c>dispatch-overhead</c>) on a
/// one-process node with no listener attached (<c>off</c>), with the OpenTelemetry SDK tracing every span through a
/// batch processor and collecting metrics every second (<c>on</c>), and with the SDK attached but the sampler dropping
/// every trace (<c>sampled-out</c>), and with only the node's Prometheus endpoint on, scraped over HTTP every second
/// (<c>scrape</c>, as compose and Kubernetes run; ports from 26600); and the instrumentation's own CPU time per trial without and with the SDK
/// (<see cref="TelemetryInstrumentationCost"/>). Modes alternate over the repeats after a warm-up run of each (JIT tiering makes the
/// first runs slower); the median is reported.
/// </summary>
public sealed class TelemetryOverheadBenchmark : IBenchmark
{
    private static readonly string[] Modes = ["off", "on", "sampled-out", "scrape"];
    // A port per run (26600, 26601, ...): the management server of a stopped host may still hold its port a while.
    private static int _scrapePort = 26599;

    public string Name => "telemetry-overhead";
    public string Usage => "[--slots 4] [--trials 1000] [--repeats 5]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var slots = args.Int("slots", 4);
        var trials = args.Int("trials", 1000);
        var repeats = args.Int("repeats", 5);
        if (slots < 1 || trials < 1 || repeats < 1) throw new UsageException("--slots, --trials and --repeats must be at least 1");

        foreach (var mode in Modes) await RunOnceAsync(mode, slots, Math.Min(trials, 300));
        var rates = Modes.ToDictionary(m => m, _ => new List<double>());
        long spans = 0;
        var scrapeMs = new List<double>();
        var scrapeBytes = 0;
        for (var i = 0; i < repeats; i++)
            foreach (var mode in Modes)
            {
                var (rate, exported, scrapes) = await RunOnceAsync(mode, slots, trials);
                rates[mode].Add(rate);
                if (mode == "on") spans = exported;
                scrapeMs.AddRange(scrapes.Select(s => s.Milliseconds));
                if (scrapes.Count > 0) scrapeBytes = scrapes[^1].Bytes;
            }
        var cost = await InstrumentationCostAsync();
        double Median(string mode) => Math.Round(rates[mode].Order().ElementAt(rates[mode].Count / 2), 1);
        return new
        {
            benchmark = Name,
            slots,
            trials,
            repeats,
            trials_per_second_off = Median("off"),
            trials_per_second_on = Median("on"),
            trials_per_second_sampled_out = Median("sampled-out"),
            trials_per_second_scrape = Median("scrape"),
            overhead_on_percent = Math.Round(100 * (1 - Median("on") / Median("off")), 1),
            overhead_scrape_percent = Math.Round(100 * (1 - Median("scrape") / Median("off")), 1),
            scrapes = scrapeMs.Count,
            scrape_ms_median = scrapeMs.Count == 0 ? 0 : Math.Round(scrapeMs.Order().ElementAt(scrapeMs.Count / 2), 2),
            scrape_ms_max = scrapeMs.Count == 0 ? 0 : Math.Round(scrapeMs.Max(), 2),
            scrape_bytes = scrapeBytes,
            spans_per_run_on = spans,
            instrumentation_us_per_trial_off = cost.Off,
            instrumentation_us_per_trial_on = cost.On,
            runs = rates.ToDictionary(kv => kv.Key, kv => kv.Value.Select(r => Math.Round(r, 1)).ToList()),
        };
    }

    private static async Task<(double TrialsPerSecond, long Spans, List<(double Milliseconds, int Bytes)> Scrapes)> RunOnceAsync(string mode, int slots, int trials)
    {
        var spans = new CountingExporter<Activity>();
        var options = new NodeOptions { Port = 0, Slots = slots, Gpus = "none", LogLevel = LogLevel.Error, ManagementPort = mode == "scrape" ? ++_scrapePort : null };
        using var host = NodeHost.Build(options, configureServices: services =>
        {
            if (mode is "off" or "scrape") return;
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing
                    .SetSampler(mode == "on" ? new AlwaysOnSampler() : new AlwaysOffSampler())
                    .AddProcessor(new BatchActivityExportProcessor(spans)))
                .WithMetrics(metrics => metrics.AddReader(new PeriodicExportingMetricReader(new CountingExporter<Metric>(), 1000)));
        });
        await host.StartAsync();
        var commands = host.Services.GetRequiredService<SearchCommands>();
        var clock = Stopwatch.StartNew();
        var submitted = await commands.SubmitAsync(Spec(trials, slots));
        if (!submitted.Accepted) throw new InvalidOperationException(string.Join("; ", submitted.Errors));
        using var stopScraping = new CancellationTokenSource();
        var scraping = mode == "scrape" ? ScrapeEverySecondAsync($"http://{options.Hostname}:{options.ManagementPort}/metrics", stopScraping.Token) : Task.FromResult(new List<(double, int)>());
        while ((await commands.GetAsync(submitted.SearchId))!.IsRunning)
            await Task.Delay(20);
        var rate = trials / clock.Elapsed.TotalSeconds;
        await stopScraping.CancelAsync();
        var scrapes = await scraping;
        await host.StopAsync();
        host.Dispose(); // flushes the batch processor, so the span count is complete
        return (rate, spans.Count, scrapes);
    }

    /// <summary>GETs the node's /metrics every second, as a Prometheus with a 1 s interval would; each scrape's time and size.</summary>
    private static async Task<List<(double Milliseconds, int Bytes)>> ScrapeEverySecondAsync(string url, CancellationToken stop)
    {
        using var http = new HttpClient();
        var scrapes = new List<(double, int)>();
        try
        {
            while (true)
            {
                var clock = Stopwatch.StartNew();
                var text = await http.GetStringAsync(url, stop);
                scrapes.Add((clock.Elapsed.TotalMilliseconds, text.Length));
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException)
        {
            return scrapes;
        }
    }

    /// <summary>Microseconds of telemetry calls per trial (3 epochs), without and with the SDK tracing and metering everything.</summary>
    private static async Task<(double Off, double On)> InstrumentationCostAsync()
    {
        const int trials = 20_000;
        TelemetryInstrumentationCost.MicrosecondsPerTrial(trials, 3);
        var off = TelemetryInstrumentationCost.MicrosecondsPerTrial(trials, 3);
        using var host = NodeHost.Build(new NodeOptions { Roles = [], Port = 0, LogLevel = LogLevel.Error }, configureServices: services =>
            services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddProcessor(new BatchActivityExportProcessor(new CountingExporter<Activity>())))
                .WithMetrics(metrics => metrics.AddReader(new PeriodicExportingMetricReader(new CountingExporter<Metric>(), 1000))));
        await host.StartAsync();
        TelemetryInstrumentationCost.MicrosecondsPerTrial(trials, 3);
        var on = TelemetryInstrumentationCost.MicrosecondsPerTrial(trials, 3);
        await host.StopAsync();
        return (Math.Round(off, 2), Math.Round(on, 2));
    }

    private static string Spec(int trials, int slots) => BraninSpec.Text("telemetry-overhead", trials, slots, searcher: null);

    /// <summary>An exporter that only counts what it is given: the SDK's cost without a network.</summary>
    private sealed class CountingExporter<T> : BaseExporter<T> where T : class
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public override ExportResult Export(in Batch<T> batch)
        {
            Interlocked.Add(ref _count, batch.Count);
            return ExportResult.Success;
        }
    }
}
