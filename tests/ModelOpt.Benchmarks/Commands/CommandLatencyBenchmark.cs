using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using ModelOpt.Benchmarks.Specs;

namespace ModelOpt.Benchmarks.Commands;

/// <summary>
/// What a command costs end to end through the HTTP endpoint (token check, actors, JSON): a one-process node runs a
/// finished Branin search of <c>--trials</c> trials, then each command is sent <c>--requests</c> times in a row and
/// its latency (p50/p99) and response size are reported.
/// </summary>
public sealed class CommandLatencyBenchmark : IBenchmark
{
    private const string Token = "benchmark-token";

    public string Name => "command-latency";
    public string Usage => "[--trials 200] [--requests 200] [--port 9150]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 200);
        var requests = args.Int("requests", 200);
        var port = args.Int("port", 9150);
        if (trials < 1 || requests < 1) throw new UsageException("--trials and --requests must be at least 1");

        using var host = NodeHost.Build(new NodeOptions
        {
            Port = 0, Slots = 2, LogLevel = LogLevel.Error,
            Endpoint = new CommandEndpointOptions { Port = port, Bind = "127.0.0.1", Token = Token },
        });
        await host.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
            const string id = "command-latency";
            var submit = await Measure(1, () => http.PostAsJsonAsync(CommandRoutes.Searches, new SubmitRequest(Spec(trials), id), CommandJson.Requests));
            while ((await http.GetFromJsonAsync<SearchInfo>(CommandRoutes.Search(id), CommandJson.Responses))!.IsRunning)
                await Task.Delay(50);
            return new
            {
                benchmark = Name,
                trials,
                requests,
                submit_ms = submit.P50,
                search_show = await Measure(requests, () => http.GetAsync(CommandRoutes.Search(id))),
                search_list = await Measure(requests, () => http.GetAsync(CommandRoutes.Searches)),
                worker_list = await Measure(requests, () => http.GetAsync(CommandRoutes.Workers)),
                unauthorized = await Measure(requests, () => anonymous.GetAsync(CommandRoutes.Searches)),
            };
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed record Latency(double P50, double P99, long Bytes, int Status);

    private static async Task<Latency> Measure(int count, Func<Task<HttpResponseMessage>> send)
    {
        var times = new List<double>(count);
        long bytes = 0;
        var status = 0;
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await send();
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            bytes = body.Length;
            status = (int)response.StatusCode;
        }
        times.Sort();
        double At(double q) => Math.Round(NearestRank.Of(times, q), 2);
        return new Latency(At(0.5), At(0.99), bytes, status);
    }

    private static string Spec(int trials) => BraninSpec.Text("command-latency", trials, 2, searcher: null);
}
