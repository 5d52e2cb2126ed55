using System.Text.Json;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary><c>mopt trial …</c>, <c>worker …</c> and <c>cluster …</c> against a real node on localhost.</summary>
[Collection(CommandNodeCollection.Name)]
public sealed class TrialPaletteTests(CommandNode node)
{
    private readonly MoptRunner _mopt = new(Path.Combine(node.Dir, "config-trials"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });

    [Fact]
    public async Task Trials_of_a_finished_search_list_show_log_and_export()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-trials.yaml", TestSpecs.Branin(5));
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "trials-1")).Exit);
        await node.WaitForAsync("trials-1", s => s.Status == SearchStatus.Finished, "finished");

        var list = await _mopt.RunAsync(CommandNode.Host, "trial", "list", "trials-1", "--sort", "objective", "--json");
        var show = await _mopt.RunAsync(CommandNode.Host, "trial", "show", "trials-1/t0002");
        var trace = await _mopt.RunAsync(CommandNode.Host, "trial", "show", "trials-1/t0002", "--trace");
        var traceJson = await _mopt.RunAsync(CommandNode.Host, "trial", "show", "trials-1/t0002", "--trace", "--json");
        var logs = await _mopt.RunAsync(CommandNode.Host, "trial", "logs", "trials-1/t0002");
        var outDir = Path.Combine(node.Dir, "export-t0002");
        var export = await _mopt.RunAsync(CommandNode.Host, "trial", "export", "trials-1/t0002", "--out", outDir);
        var missing = await _mopt.RunAsync(CommandNode.Host, "trial", "show", "trials-1/t0099");

        var objectives = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(t => t.GetProperty("objective").GetDouble()).ToList();
        Assert.Equal(5, objectives.Count);
        Assert.Equal(objectives.Order(), objectives);
        Assert.True(show.Exit == 0, show.ToString());
        Assert.Contains("trials-1/t0002", show.Out);
        Assert.Contains("x0=", show.Out);
        Assert.True(trace.Exit == 0, trace.ToString());
        Assert.StartsWith("search trials-1 (", trace.Out);
        Assert.Contains("└─ trial t0002  completed  ", trace.Out);
        Assert.Contains("   └─ attempt 1  akka.tcp://", trace.Out);
        Assert.Equal(2, traceJson.Exit);
        Assert.Contains("--trace prints text", traceJson.Error);
        Assert.True(logs.Exit == 0, logs.ToString());
        Assert.StartsWith("epoch 1: value=", logs.Out);
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Equal("t0002", JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "trial.json"))).RootElement.GetProperty("trialId").GetString());
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no trial 't0099'", missing.Error);
    }

    [Fact]
    public async Task Trials_are_listed_a_page_at_a_time_and_a_bad_page_is_refused_with_its_field()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-pages.yaml", TestSpecs.Branin(12));
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "pages-1")).Exit);
        await node.WaitForAsync("pages-1", s => s.Status == SearchStatus.Finished, "finished");

        var page = await _mopt.RunAsync(CommandNode.Host, "trial", "list", "pages-1", "--limit", "4", "--offset", "4");
        var all = await _mopt.RunAsync(CommandNode.Host, "trial", "list", "pages-1", "--limit", "0", "--json");
        var best = await _mopt.RunAsync(CommandNode.Host, "trial", "list", "pages-1", "--sort", "objective", "--limit", "3", "--json");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{CommandNode.Host}") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", CommandNode.FullToken);
        var tooMany = await http.GetAsync("/api/v1/searches/pages-1/trials?limit=5000");
        var badSort = await http.GetAsync("/api/v1/searches/pages-1/trials?sort=fastest");

        Assert.True(page.Exit == 0, page.ToString());
        Assert.Contains("t0005", page.Out);
        Assert.Contains("t0008", page.Out);
        Assert.DoesNotContain("t0004", page.Out);
        Assert.DoesNotContain("t0009", page.Out);
        Assert.Contains("trials 5–8 of 12; next page: --offset 8", page.Out);
        var objectives = JsonDocument.Parse(all.Out).RootElement.EnumerateArray().Select(t => t.GetProperty("objective").GetDouble()).ToList();
        Assert.Equal(12, objectives.Count);
        Assert.Equal(objectives.Order().Take(3), JsonDocument.Parse(best.Out).RootElement.EnumerateArray().Select(t => t.GetProperty("objective").GetDouble()));
        Assert.Equal(400, (int)tooMany.StatusCode);
        Assert.Contains("limit: must be from 0 to 1000, got 5000", await tooMany.Content.ReadAsStringAsync());
        Assert.Equal(400, (int)badSort.StatusCode);
        Assert.Contains("sort: must be one of id, objective, epochs, recent", await badSort.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_command_trials_logs_and_checkpoint_come_from_its_worker()
    {
        var spec = TestSpecs.Write(node.Dir, "logging.yaml", TestSpecs.LoggingCommand(Path.Combine(node.Dir, "command-logs")));
        var submit = await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "files-1");
        Assert.True(submit.Exit == 0, submit.ToString());
        var done = await node.WaitForAsync("files-1", s => s.Status == SearchStatus.Finished, "finished");
        Assert.True(done.Trials[0].Status == TrialStatus.Completed, done.Trials[0].Reason);

        var logs = await _mopt.RunAsync(CommandNode.Host, "trial", "logs", "files-1/t0001");
        var outDir = Path.Combine(node.Dir, "export-files-1");
        var export = await _mopt.RunAsync(CommandNode.Host, "trial", "export", "files-1/t0001", "--out", outDir);

        Assert.True(logs.Exit == 0, logs.ToString());
        Assert.Contains("attempt-1/stdout.log: starting-training", logs.Out);
        Assert.Contains("attempt-1/stderr.log: warning-on-stderr", logs.Out);
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Equal("weights", File.ReadAllText(Path.Combine(outDir, "checkpoints", "weights.bin")).Trim());
        Assert.Contains("starting-training", File.ReadAllText(Path.Combine(outDir, "logs", "attempt-1", "stdout.log")));
        Assert.True(File.Exists(Path.Combine(outDir, "trial.json")));
    }

    [Fact]
    public async Task Stopping_a_running_trial_records_it_as_stopped_by_user()
    {
        var spec = TestSpecs.Write(node.Dir, "slow-trial.yaml", TestSpecs.SlowCurve);
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "trialstop-1")).Exit);
        var running = await node.WaitForAsync("trialstop-1", s => s.Trials.Any(t => t.Status == TrialStatus.Running), "a trial running");
        var trial = running.Trials.First(t => t.Status == TrialStatus.Running).TrialId;

        var stop = await _mopt.RunAsync(CommandNode.Host, "trial", "stop", $"trialstop-1/{trial}");
        var after = await node.WaitForAsync("trialstop-1", s => s.Trials.Any(t => t.TrialId != trial && t.Status == TrialStatus.Running), "the next trial running");
        await _mopt.RunAsync(CommandNode.Host, "search", "stop", "trialstop-1");

        Assert.True(stop.Exit == 0, stop.ToString());
        Assert.Contains("stopped (stopped by user)", stop.Out);
        var stopped = after.Trials.Single(t => t.TrialId == trial);
        Assert.Equal(TrialStatus.Stopped, stopped.Status);
        Assert.Equal("stopped by user", stopped.Reason);
    }

    [Fact]
    public async Task Workers_drain_and_come_back_and_the_cluster_shows_its_member()
    {
        var workers = await _mopt.RunAsync(CommandNode.Host, "worker", "list", "--json");
        var node0 = JsonDocument.Parse(workers.Out).RootElement[0].GetProperty("node").GetString()!;
        var hostPort = node0[(node0.LastIndexOf('@') + 1)..];

        var drain = await _mopt.RunAsync(CommandNode.Host, "worker", "drain", hostPort);
        var drained = await _mopt.RunAsync(CommandNode.Host, "worker", "list");
        var undo = await _mopt.RunAsync(CommandNode.Host, "worker", "drain", hostPort, "--undo");
        var unknown = await _mopt.RunAsync(CommandNode.Host, "worker", "drain", "10.9.9.9:1");
        var cluster = await _mopt.RunAsync(CommandNode.Host, "cluster", "show");

        Assert.Equal(2, JsonDocument.Parse(workers.Out).RootElement.GetArrayLength());
        Assert.True(drain.Exit == 0, drain.ToString());
        Assert.Contains("is draining", drain.Out);
        Assert.Equal(2, drained.Out.Split('\n').Count(l => l.Contains("draining", StringComparison.Ordinal)));
        Assert.Contains("takes trials again", undo.Out);
        Assert.Equal(1, unknown.Exit);
        Assert.True(cluster.Exit == 0, cluster.ToString());
        Assert.Contains("coordinator,worker", cluster.Out);
        Assert.Contains("leader", cluster.Out);
        Assert.All(cluster.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
    }
}
