using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Tests.Specs;
using ModelOpt.Training;

namespace ModelOpt.Benchmarks.Specs;

/// <summary>
/// What refusing issue 14's hostile specs costs. In this process: the spec reader's time (median and max of
/// <c>--runs</c>) and bytes allocated per refusal. Through a node's command endpoint (127.0.0.1:21160): the answer, its
/// time, and how far the node's working set rose above its level before the request (sampled every 2 ms).
/// </summary>
public sealed class SpecLimitsBenchmark : IBenchmark
{
    public string Name => "spec-limits";
    public string Usage => "[--runs 20]";

    private static readonly (string Name, Func<string> Text)[] Specs =
    [
        (nameof(HostileSpecs.BillionLaughs), HostileSpecs.BillionLaughs),
        (nameof(HostileSpecs.BombInCategoricalValues), HostileSpecs.BombInCategoricalValues),
        (nameof(HostileSpecs.SevenHundredThousandValues), HostileSpecs.SevenHundredThousandValues),
        (nameof(HostileSpecs.HundredMillionTrials), HostileSpecs.HundredMillionTrials),
        (nameof(HostileSpecs.InfiniteNoise), HostileSpecs.InfiniteNoise),
        ("Nested100000", () => HostileSpecs.Nested(100_000)),
    ];

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var runs = args.Int("runs", 20);
        if (runs < 1) throw new UsageException("--runs must be at least 1");

        var inProcess = Specs.Select(spec => InProcess(spec.Name, spec.Text(), runs)).ToList();

        const string token = "spec-limits-benchmark";
        using var node = NodeHost.Build(new NodeOptions
        {
            Port = 21161, Slots = 1, Gpus = "none", LogLevel = LogLevel.Error,
            Endpoint = new CommandEndpointOptions { Port = 21160, Bind = "127.0.0.1", Token = token },
        });
        await node.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:21160"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await WaitUntilServingAsync(http);
            var endpoint = new List<object>();
            foreach (var (name, text) in Specs) endpoint.Add(await ThroughEndpointAsync(http, name, text()));
            return new { benchmark = Name, runs, in_process = inProcess, endpoint };
        }
        finally
        {
            await node.StopAsync();
        }
    }

    private static object InProcess(string name, string text, int runs)
    {
        var times = new List<double>();
        long allocated = 0;
        string answer = "";
        for (var i = 0; i <= runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                SpecParser.Parse(text, TrainingCatalog.Default);
                answer = "accepted";
            }
            catch (SpecException e)
            {
                answer = e.Errors[0].ToString();
            }
            clock.Stop();
            if (i == 0) continue; // warm-up
            times.Add(clock.Elapsed.TotalMilliseconds);
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        times.Sort();
        return new
        {
            spec = name,
            bytes = System.Text.Encoding.UTF8.GetByteCount(text),
            median_ms = Math.Round(times[times.Count / 2], 3),
            max_ms = Math.Round(times[^1], 3),
            allocated_kib = allocated / 1024,
            answer = answer.Length > 160 ? answer[..160] : answer,
        };
    }

    private static async Task<object> ThroughEndpointAsync(HttpClient http, string name, string text)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                await Task.Delay(2);
            }
        });
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync(CommandRoutes.Searches, new SubmitRequest(text), CommandJson.Requests);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        return new
        {
            spec = name,
            status = (int)response.StatusCode,
            ms = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            working_set_rise_mib = Math.Round((peak - baseline) / (1024.0 * 1024), 1),
            answer = body.Length > 200 ? body[..200] : body,
        };
    }

    private static async Task WaitUntilServingAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(CommandRoutes.Searches);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the endpoint did not start serving in 2 minutes");
            await Task.Delay(200);
        }
    }
}
