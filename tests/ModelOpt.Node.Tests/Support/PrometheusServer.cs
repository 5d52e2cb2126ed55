using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ModelOpt.Node.Tests.Support;

/// <summary>
/// Debian's Prometheus as a plain process on its own port and data directory, scraping the given targets every second
/// (job <c>modelopt-nodes</c>) and evaluating the shipped alerting rules; killed and its directory removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public string Log
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<PrometheusServer> StartAsync(int port, IEnumerable<string> targets, string rulesFile)
    {
        var directory = Directory.CreateTempSubdirectory("mopt-mon-prometheus-").FullName;
        File.Copy(rulesFile, Path.Combine(directory, "alerts.yml"));
        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), $$"""
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: [alerts.yml]
            scrape_configs:
              - job_name: modelopt-nodes
                scrape_timeout: 1s
                static_configs:
                  - targets: [{{string.Join(", ", targets.Select(t => $"'{t}'"))}}]
            """);
        var info = new ProcessStartInfo(PrometheusTools.Prometheus ?? throw new InvalidOperationException(PrometheusTools.Unavailable))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={Path.Combine(directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}",
                 })
            info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start prometheus");
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:\n{server.Log}");
            try
            {
                if ((await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // still starting
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"prometheus was not ready in 60 s:\n{server.Log}");
            await Task.Delay(200);
        }
    }

    /// <summary>An instant query's result vector: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string expression)
    {
        var data = await GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(expression)}");
        if (data.GetProperty("resultType").GetString() == "scalar")
            return [([], Number(data.GetProperty("result")[1]))];
        return [.. data.GetProperty("result").EnumerateArray().Select(r => (Labels(r), Number(r.GetProperty("value")[1])))];
    }

    /// <summary>A range query's result matrix, one sample a second from <paramref name="start"/> to now.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double[] Values)>> QueryRangeAsync(string expression, DateTimeOffset start)
    {
        var end = DateTimeOffset.UtcNow;
        var data = await GetDataAsync($"/api/v1/query_range?query={Uri.EscapeDataString(expression)}"
            + $"&start={start.ToUnixTimeMilliseconds() / 1000.0:0.###}&end={end.ToUnixTimeMilliseconds() / 1000.0:0.###}&step=1");
        return [.. data.GetProperty("result").EnumerateArray()
            .Select(r => (Labels(r), r.GetProperty("values").EnumerateArray().Select(v => Number(v[1])).ToArray()))];
    }

    /// <summary>The evaluated alerting rules: name, health ("ok" unless evaluating it failed) and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? Error)>> RulesAsync()
    {
        var data = await GetDataAsync("/api/v1/rules");
        return [.. data.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out var error) ? error.GetString() : null))];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<JsonElement> GetDataAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"{path}: {body.GetProperty("error").GetString()}");
        return body.GetProperty("data").Clone();
    }

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static double Number(JsonElement value) => value.GetString() switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        var text => double.Parse(text!, System.Globalization.CultureInfo.InvariantCulture),
    };

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
