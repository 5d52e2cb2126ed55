using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.External;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;

namespace ModelOpt.Benchmarks.AskTell;

/// <summary>
/// Ask→tell round trips and sustained trials/s with K concurrent clients, against Optuna's ask/tell in the same run.
/// A one-process coordinator (SQLite journal, HTTP endpoint) serves an external Branin search under random search;
/// for each K: K Python processes with <c>clients/python</c>, K C# tasks with <c>ModelOpt.Client</c>, and K Python processes running
/// Optuna's <c>study.ask()</c>/<c>study.tell()</c> on one JournalFileStorage (Debian's python3-optuna).
/// Each measures for <c>--seconds</c> after a warm-up; every trial asks, samples x0 and x1, and tells the value.
/// </summary>
public sealed class AskTellBenchmark : IBenchmark
{
    private const string Token = "ask-tell-benchmark-token";
    private const string Python = "/usr/bin/python3";

    public string Name => "ask-tell";
    public string Usage => "[--clients 4,16] [--seconds 15] [--port 28210] [--journal sqlite|memory] [--skip-optuna]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var clients = args.String("clients", "4,16").Split(',').Select(c => int.TryParse(c, out var n) && n > 0 ? n : throw new UsageException($"--clients: bad count '{c}'")).ToList();
        var seconds = args.Double("seconds", 15);
        var port = args.Int("port", 28210);
        var journal = args.String("journal", "sqlite");
        if (journal is not ("sqlite" or "memory")) throw new UsageException($"--journal: sqlite or memory, got '{journal}'");
        var directory = Directory.CreateTempSubdirectory("mopt-ask-tell-bench-").FullName;
        using var host = NodeHost.Build(new NodeOptions
        {
            Roles = [CoordinatorHostingExtensions.CoordinatorRole], Port = 0, LogLevel = LogLevel.Error,
            Journal = journal == "sqlite" ? Path.Combine(directory, "journal.db") : null,
            Endpoint = new CommandEndpointOptions { Port = port, Bind = "127.0.0.1", Token = Token },
        });
        await host.StartAsync();
        try
        {
            var url = $"http://127.0.0.1:{port}";
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var rows = new List<JsonNode?>();
            foreach (var k in clients)
            {
                var search = await SubmitAsync(http, k, $"py-{k}");
                rows.Add(RunPeer(directory, ["modelopt", "--clients", $"{k}", "--seconds", Invariant(seconds), "--url", url, "--token", Token, "--search", search]));
                rows.Add(await RunCSharpClientsAsync(http.BaseAddress!, await SubmitAsync(http, k, $"cs-{k}"), k, seconds));
                if (!args.Flag("skip-optuna"))
                    rows.Add(RunPeer(directory, ["optuna", "--clients", $"{k}", "--seconds", Invariant(seconds), "--journal", Path.Combine(directory, $"optuna-{k}.log")]));
            }
            return new { benchmark = Name, seconds, journal, load_average = File.ReadAllText("/proc/loadavg").Trim(), rows };
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> SubmitAsync(HttpClient http, int concurrent, string id)
    {
        var spec = $$"""
            apiVersion: modelopt/v1
            name: ask-tell-bench
            objective: {metric: value, mode: min}
            space:
              x0: {type: float, low: -5, high: 10}
              x1: {type: float, low: 0, high: 15}
            searcher: random
            budget: {maxTrials: 100000, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: 1}
            workload: {kind: external, lease: 60s}
            """;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.PostAsJsonAsync(CommandRoutes.Searches, new SubmitRequest(spec, id), CommandJson.Requests);
            if (response.IsSuccessStatusCode) return id;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"submit failed: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    /// <summary>K tasks, each with its own <see cref="ModelOptClient"/>, running trials through <see cref="ExternalSearch"/>.</summary>
    private static async Task<JsonNode> RunCSharpClientsAsync(Uri url, string search, int k, double seconds)
    {
        var latencies = new List<double>[k];
        var warmUpEnds = DateTime.UtcNow.AddSeconds(2);
        var ends = warmUpEnds.AddSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, k).Select(async i =>
        {
            using var client = new ModelOptClient(url, Token);
            var external = new ExternalSearch(client, search, new ExternalTrialOptions { Client = $"cs-{i}" });
            latencies[i] = [];
            while (DateTime.UtcNow < ends)
            {
                var began = Stopwatch.GetTimestamp();
                await using var trial = await external.AskAsync() ?? throw new InvalidOperationException("the search ended");
                var value = Branin(trial.Config["x0"].AsDouble(), trial.Config["x1"].AsDouble());
                await trial.CompleteAsync(new Dictionary<string, double> { ["value"] = value });
                if (DateTime.UtcNow >= warmUpEnds) latencies[i].Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return JsonSerializer.SerializeToNode(new
        {
            peer = "modelopt-csharp", version = "ModelOpt.Client", clients = k, seconds, trials = all.Count,
            p50_ms = Math.Round(Percentile(all, 0.5), 3), p99_ms = Math.Round(Percentile(all, 0.99), 3), trials_per_s = Math.Round(all.Count / seconds, 1),
        })!;
    }

    private static double Branin(double x0, double x1) =>
        new ModelOpt.Search.Functions.Branin().Evaluate(new ModelOpt.Search.Spaces.Config(
            new Dictionary<string, ModelOpt.Search.Spaces.ParameterValue> { ["x0"] = ModelOpt.Search.Spaces.ParameterValue.Float(x0), ["x1"] = ModelOpt.Search.Spaces.ParameterValue.Float(x1) }));

    private static JsonNode? RunPeer(string directory, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tests", "ModelOpt.Benchmarks", "AskTell", "ask_tell_peer.py"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["PYTHONPATH"] = Path.Combine(RepositoryRoot(), "clients", "python", "src");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Python} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ask_tell_peer.py {arguments[0]} failed ({process.ExitCode}): {error.Result}");
        return JsonNode.Parse(output.Trim().Split('\n')[^1]);
    }

    private static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : NearestRank.Of(sorted, q);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "ModelOpt.Cluster.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no ModelOpt.Cluster.sln above {AppContext.BaseDirectory}");
    }
}
