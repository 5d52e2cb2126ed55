using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

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
        var gaps = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            alone.Add((await RunAsync(node, http, $"alone-{round}", trials, slots, 0)).PerSecond);
            var run = await RunAsync(node, http, $"watched-{round}", trials, slots, viewers);
            watched.Add(run.PerSecond);
            events.Add(run.Events);
            gaps.Add(run.LongestGap);
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
            longest_update_gap_s = gaps.Select(g => Math.Round(g, 2)).ToList(),
        };
    }

    /// <summary>Trials per second, the updates all viewers received, and the median over viewers of the longest wait for an update.</summary>
    private static async Task<(double PerSecond, long Events, double LongestGap)> RunAsync(DashboardNode node, HttpClient http, string name, int trials, int slots, int viewers)
    {
        var clock = Stopwatch.StartNew();
        var searchId = (await node.Api.SubmitSearchAsync(new ModelOpt.Client.Models.SubmitRequest(DashboardNode.CurveSpec(name, trials, slots, 0)))).SearchId;
        using var stop = new CancellationTokenSource();
        var watching = Enumerable.Range(0, viewers).Select(_ => WatchAsync(http, searchId, stop.Token)).ToList();
        while (await node.IsRunningAsync(searchId))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException($"{name} did not finish in 20 minutes");
            await Task.Delay(50);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        var watched = await Task.WhenAll(watching);
        var gaps = watched.Select(w => w.LongestGap).Order().ToList();
        return (trials / seconds, watched.Sum(w => w.Updates), gaps.Count > 0 ? gaps[gaps.Count / 2] : 0);
    }

    /// <summary>
    /// A search page's traffic: its first read, then the live stream from the version it read (as the page asks) until
    /// cancelled; returns the updates received. A browser parses the events on the viewer's machine: here they are only
    /// counted, in a reused buffer, so the viewers' own work takes as little as it can from the node's two cores.
    /// </summary>
    private static async Task<(long Updates, double LongestGap)> WatchAsync(HttpClient http, string searchId, CancellationToken cancellationToken)
    {
        long updates = 0;
        var since = Stopwatch.StartNew();
        var longest = TimeSpan.Zero;
        try
        {
            var version = VersionOf(await http.GetByteArrayAsync($"/api/v1/dashboard/searches/{searchId}?after=0", cancellationToken));
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/dashboard/searches/{searchId}/live?after={version}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var marker = "event: update"u8.ToArray();
            var buffer = new byte[64 * 1024];
            var kept = 0;
            while (await stream.ReadAsync(buffer.AsMemory(kept), cancellationToken) is var read and > 0)
            {
                var filled = kept + read;
                var window = buffer.AsSpan(0, filled);
                for (var at = window.IndexOf(marker); at >= 0; at = window.IndexOf(marker))
                {
                    updates++;
                    if (since.Elapsed > longest) longest = since.Elapsed;
                    since.Restart();
                    window = window[(at + marker.Length)..];
                }
                // Keep a tail that could be the start of a marker split across reads.
                kept = Math.Min(window.Length, marker.Length - 1);
                window[^kept..].CopyTo(buffer);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended: the page closes.
        }
        return (updates, longest.TotalSeconds);
    }

    /// <summary>The <c>version</c> of a search read, as the page takes it to open its live stream.</summary>
    private static long VersionOf(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("version"u8) && reader.Read())
                return reader.GetInt64();
        throw new InvalidDataException("the search read has no version");
    }
}
