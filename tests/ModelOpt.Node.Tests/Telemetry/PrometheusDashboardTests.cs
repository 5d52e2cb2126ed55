using System.Text.Json;
using System.Text.RegularExpressions;
using ModelOpt.Client.Models;
using ModelOpt.Node.Tests.Deployment;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.Telemetry;

/// <summary>
/// The Grafana dashboards against real data: Debian's Prometheus scrapes three real nodes' <c>/metrics</c> every second
/// while command searches run (trials completing, stopped early by their scheduler, failing; a worker killed mid-trial),
/// then every PromQL expression of the shipped dashboards runs through Prometheus's HTTP API and must return series
/// with plausible values. Ports 26101-26103 (remoting), 26501-26503 (management), 26090 (Prometheus).
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class PrometheusDashboardTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly int[] Seeds = [26101, 26102, 26103];
    private readonly NodeFleet _fleet = new("mopt-mon-nodes-");
    private PrometheusServer? _prometheus;

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes test classes through IDisposable or IAsyncLifetime only, not IAsyncDisposable.
    public async Task DisposeAsync()
    {
        try
        {
            if (_prometheus is not null) await _prometheus.DisposeAsync();
        }
        finally
        {
            _fleet.Dispose();
        }
    }

    [PrometheusFact]
    public async Task Every_dashboard_query_returns_plausible_series_from_a_real_prometheus()
    {
        var start = DateTimeOffset.UtcNow;
        _fleet.Start("coordinator", Seeds[0], Seeds, extraArguments: ["--management-port", "26501"]);
        _fleet.Start("worker", Seeds[1], Seeds, slots: 2, extraArguments: ["--management-port", "26502"]);
        var doomed = _fleet.Start("worker", Seeds[2], Seeds, slots: 2, extraArguments: ["--management-port", "26503"]);
        _prometheus = await PrometheusServer.StartAsync(26090, ["127.0.0.1:26501", "127.0.0.1:26502", "127.0.0.1:26503"],
            RepositoryPaths.Of("deploy", "prometheus", "alerts.yml"));
        await using var client = await ClusterClient.JoinAsync(Seeds);

        // Completing trials (one on the worker that is killed, so requeued), trials stopped early, trials failing. The
        // first search runs alone until the kill: three trials on two 2-slot workers, so one runs on the doomed worker.
        var sleepers = await client.SubmitAsync(Training(_fleet.Directory));
        await client.WaitForAsync(sleepers, s => s.Trials.Any(t => t.Status == TrialStatus.Running && t.Node?.EndsWith($":{Seeds[2]}") == true), Deadline, Logs);
        doomed.Kill();
        var plateaus = await client.SubmitAsync(CommandSpecs.Plateauing(trials: 2, _fleet.Directory));
        var misbehaving = await client.SubmitAsync(CommandSpecs.Misbehaving(_fleet.Directory));
        var searches = new List<SearchInfo>();
        foreach (var id in new[] { sleepers, plateaus, misbehaving })
            searches.Add(await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, Logs));
        var trials = searches.SelectMany(s => s.Trials).ToList();
        // Only these searches: a submission the client retried after a timeout runs as a search of its own.
        var ours = $"{{search=~\"{string.Join("|", searches.Select(s => s.SearchId))}\"}}";
        var completed = trials.Count(t => t.Status == TrialStatus.Completed);
        Assert.True(trials.Count(t => t.Status == TrialStatus.Stopped) >= 1, "no trial was stopped early");
        Assert.True(trials.Count(t => t.Status == TrialStatus.Failed) >= 1, "no trial failed");
        Assert.True(trials.Sum(t => t.Attempts) > trials.Count, "no attempt was requeued");

        // The coordinator's counters reach Prometheus within a few scrapes.
        await EventuallyAsync(async () =>
        {
            var perSearch = await _prometheus.QueryAsync($"sum by (search, instance) (modelopt_trials_completed_total{ours})");
            Assert.True(completed == perSearch.Sum(s => s.Value), $"completed: {completed} reported ("
                + string.Join(", ", searches.Select(s => $"{s.SearchId}={s.Trials.Count(t => t.Status == TrialStatus.Completed)}")) + "), Prometheus: "
                + string.Join(", ", perSearch.Select(s => $"{string.Join("/", s.Labels.Values)}={s.Value}")));
        });
        await EventuallyAsync(async () => Assert.Equal(0, Single(await _prometheus.QueryAsync($"up{{instance=\"127.0.0.1:26503\"}}"))));

        var checkedExpressions = 0;
        foreach (var (dashboard, panel, expression) in DashboardExpressions())
        {
            if (expression.Contains("modelopt_gpu_") && !File.Exists("/dev/nvidia0")) continue; // GPU panels need a GPU
            var series = await _prometheus.QueryRangeAsync(expression, start);
            Assert.True(series.Any(s => s.Values.Any(double.IsFinite)),
                $"{dashboard} / {panel}: `{expression}` returned no finite value ({series.Count} series)\n{_prometheus.Log}");
            checkedExpressions++;
        }
        Assert.True(checkedExpressions >= 40, $"only {checkedExpressions} expressions found in the dashboards");

        // Plausible values: outcomes add up to what the searches report; busy slots never exceed total slots. Instant
        // queries are retried: on a loaded machine a scrape can time out, and its series are stale until the next one.
        await EventuallyAsync(async () =>
        {
            Assert.Equal(trials.Count(t => t.Status == TrialStatus.Stopped), Single(await _prometheus.QueryAsync($"sum(modelopt_trials_stopped_total{ours})")));
            Assert.Equal(trials.Count(t => t.Status == TrialStatus.Failed), Single(await _prometheus.QueryAsync($"sum(modelopt_trials_failed_total{ours})")));
            Assert.Equal(trials.Sum(t => t.Attempts), Single(await _prometheus.QueryAsync($"sum(modelopt_trials_started_total{ours})")));
            Assert.Equal(2, Single(await _prometheus.QueryAsync("sum(modelopt_slots_total)"))); // the killed worker's slots are gone
            Assert.Equal(1, Single(await _prometheus.QueryAsync("sum(modelopt_dispatcher_active)")));
            Assert.Contains(await _prometheus.QueryAsync("sum by (by) (modelopt_trials_stopped_total)"), s => s.Labels["by"] == "scheduler");
            Assert.Equal(3, (await _prometheus.QueryAsync("dotnet_process_memory_working_set_bytes > 10e6 < 20e9")).Count
                + (await _prometheus.QueryAsync("up == 0")).Count);
        });
        var overbooked = await _prometheus.QueryRangeAsync("sum(modelopt_slots_busy) - sum(modelopt_slots_total)", start);
        Assert.All(overbooked.SelectMany(s => s.Values), excess => Assert.True(excess <= 0, $"busy exceeded total by {excess}"));
        var best = searches.Single(s => s.SearchId == sleepers).Best?.Objective;
        Assert.Equal(best, Single(await _prometheus.QueryAsync($"max_over_time(modelopt_search_best_objective{{search=\"{sleepers}\"}}[5m])")));

        // Every alerting rule evaluates against the real series without error.
        Assert.All(await _prometheus.RulesAsync(), rule => Assert.True(rule.Health == "ok", $"{rule.Name}: {rule.Health} {rule.Error}"));
    }

    /// <summary>Six two-second trials, three at a time, each reporting two epochs with a throughput (the torch workload's metric).</summary>
    private static string Training(string logDir) => $$$"""
        apiVersion: modelopt/v1
        name: training
        seed: 5
        objective: {metric: value, mode: min}
        space:
          x: {type: float, low: 0, high: 1}
        budget: {maxTrials: 6, maxConcurrent: 3, maxEpochsPerTrial: 2}
        trial: {retries: 1}
        workload:
          kind: command
          shell: true
          logDir: {{{logDir}}}
          command: ['for e in 1 2; do sleep 1; echo "{\"epoch\": $e, \"metrics\": {\"value\": 0.5, \"samples_per_s\": 1000}}"; done; echo "{\"final\": {\"value\": 0.5}}"']
        """;

    private string Logs() => _fleet.Logs() + "\n--- prometheus\n" + _prometheus?.Log;

    /// <summary>Every Prometheus target's expression in the shipped dashboards, template variables filled in as "All".</summary>
    private static IEnumerable<(string Dashboard, string Panel, string Expression)> DashboardExpressions()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.Of("deploy", "grafana", "dashboards"), "*.json").Order())
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var variables = json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
                .Select(v => v.GetProperty("name").GetString()!).ToList();
            foreach (var panel in Panels(json.RootElement.GetProperty("panels")))
            {
                if (!panel.TryGetProperty("targets", out var targets)) continue;
                foreach (var target in targets.EnumerateArray())
                {
                    if (!target.TryGetProperty("expr", out var expr)) continue; // e.g. the Jaeger table
                    var expression = expr.GetString()!.Replace("$__rate_interval", "5s");
                    foreach (var variable in variables) expression = expression.Replace("$" + variable, ".*");
                    Assert.DoesNotMatch(new Regex(@"\$\w"), expression);
                    yield return (Path.GetFileName(file), panel.GetProperty("title").GetString()!, expression);
                }
            }
        }
    }

    /// <summary>Panels, including those inside collapsed rows.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement panels) =>
        panels.EnumerateArray().SelectMany(p => p.TryGetProperty("panels", out var inner) ? Panels(inner).Prepend(p) : [p]);

    private static double Single(IReadOnlyList<(Dictionary<string, string> Labels, double Value)> result) =>
        Assert.Single(result).Value;

    private async Task EventuallyAsync(Func<Task> assertion)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
