using System.Diagnostics;
using System.Net.Http.Headers;

namespace ModelOpt.Benchmarks.Dashboard;

/// <summary>
/// What open dashboards cost the cluster: simulated trials (no training time) dispatched per second by a one-process
/// node while nobody watches, against while <c>--viewers</c> search pages watch the same search (each as a browser's
/// page does: the first read, then the live stream of server-sent deltas, read to the end). The two alternate over
/// <c>--rounds</c> so the machine's drift falls on both.
/// </summary>
public sealed class DashboardViewersBenchmark : IBenchmark
{
    public string Name => "dashboard-viewers";
    public string Usage => "[--viewers 50] [--trials 3000] [--slots 4] [--rounds 3] [--port 22060]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var viewers = args.Int("viewers", 50);
        var trials = args.Int("trials", 3000);
        var slots = args.Int("slots", 4);
        var rounds = args.Int("rounds", 3);
        var port = args.Int("port", 22060);
        if (viewers < 1 || trials < 1 || slots < 1 || rounds < 1) throw new UsageException("--viewers, --trials, --slots and --rounds must be at least 1");
        await using var node = await DashboardNode.StartAsync(slots, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = viewers + 4 }) { BaseAddress = node.Url, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardNode.Token);
        // One warm-up search: the first run pays for JIT and the journal's creation.
        await RunAsync(node, http, "warm-up", Math.Min(trials, 300), slots, 0);

        var alone = new List<double>();
        var watched = new List<double>();
        var events = new List<long>();
        for (var round = 0; round < rounds; round++)
        {
            alone.Add((await RunAsync(node, http, $"alone-{round}", trials, slots, 0)).PerSecond);
            var run = await RunAsync(node, http, $"watched-{round}", trials, slots, viewers);
            watched.Add(run.PerSecond);
            events.Add(run.Events);
        }
        alone.Sort();
        watched.Sort();
        var slowdown = 1 - watched[watched.Count / 2] / alone[alone.Count / 2];
        return new
        {
            benchmark = Name,
            viewers,
            trials,
            slots,
            rounds,
            trials_per_s_alone = alone.Select(v => Math.Round(v, 1)).ToList(),
            trials_per_s_watched = watched.Select(v => Math.Round(v, 1)).ToList(),
            median_slowdown_pct = Math.Round(slowdown * 100, 1),
            live_events_per_viewer = events.Select(e => e / viewers).ToList(),
        };
    }

    private static async Task<(double PerSecond, long Events)> RunAsync(DashboardNode node, HttpClient http, string name, int trials, int slots, int viewers)
    {
        var clock = Stopwatch.StartNew();
        var searchId = (await node.Api.SubmitSearchAsync(new ModelOpt.Client.Models.SubmitRequest(DashboardNode.CurveSpec(name, trials, slots, 0)))).SearchId;
        using var stop = new CancellationTokenSource();
        var watching = Enumerable.Range(0, viewers).Select(_ => WatchAsync(http, searchId, stop.Token)).ToList();
        while ((await node.Api.GetSearchAsync(searchId)).IsRunning)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException($"{name} did not finish in 20 minutes");
            await Task.Delay(50);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        var events = (await Task.WhenAll(watching)).Sum();
        return (trials / seconds, events);
    }

    /// <summary>A search page's traffic: its first read, then the live stream until cancelled; returns the updates received.</summary>
    private static async Task<long> WatchAsync(HttpClient http, string searchId, CancellationToken cancellationToken)
    {
        long updates = 0;
        try
        {
            await http.GetByteArrayAsync($"/api/v1/dashboard/searches/{searchId}?after=0", cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/dashboard/searches/{searchId}/live");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
                if (line.StartsWith("event: update", StringComparison.Ordinal)) updates++;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended: the page closes.
        }
        return updates;
    }
}
