using System.Text.Json;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary><c>mopt search …</c> against a real node on localhost.</summary>
[Collection(CommandNodeCollection.Name)]
public sealed class SearchPaletteTests(CommandNode node)
{
    private readonly MoptRunner _mopt = new(Path.Combine(node.Dir, "config"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });

    [Fact]
    public async Task Submit_watch_best_and_report_cover_every_trial()
    {
        var spec = TestSpecs.Write(node.Dir, "branin.yaml", TestSpecs.Branin(6));

        var submit = await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "flow-1");
        var watch = await _mopt.RunAsync(CommandNode.Host, "search", "watch", "flow-1");
        var watchJson = await _mopt.RunAsync(CommandNode.Host, "search", "watch", "flow-1", "--json");
        var best = await _mopt.RunAsync(CommandNode.Host, "search", "best", "flow-1", "--json");
        var reportDir = Path.Combine(node.Dir, "report-flow-1");
        var report = await _mopt.RunAsync(CommandNode.Host, "search", "report", "flow-1", "--out", reportDir);
        var list = await _mopt.RunAsync(CommandNode.Host, "search", "list");

        Assert.True(submit.Exit == 0, submit.ToString());
        Assert.Contains("flow-1", submit.Out);
        Assert.True(watch.Exit == 0, watch.ToString());
        Assert.Contains("flow-1 finished", watch.Out);
        Assert.Equal(6, JsonDocument.Parse(watchJson.Out).RootElement.GetProperty("trials").GetArrayLength());
        Assert.True(best.Exit == 0, best.ToString());
        var bestTrial = JsonDocument.Parse(best.Out).RootElement;
        Assert.StartsWith("t000", bestTrial.GetProperty("trialId").GetString());
        Assert.True(bestTrial.GetProperty("objective").GetDouble() >= 0.3978);
        Assert.True(report.Exit == 0, report.ToString());
        var markdown = File.ReadAllText(Path.Combine(reportDir, "report.md"));
        Assert.True(File.Exists(Path.Combine(reportDir, "report.html")));
        Assert.Equal(6, markdown.Split('\n').Count(l => l.StartsWith("| t00", StringComparison.Ordinal)));
        Assert.Contains("flow-1", list.Out);
        Assert.All(list.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
    }

    [Fact]
    public async Task Export_writes_every_trial_as_a_csv_row_with_a_column_per_parameter_and_metric()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-export.yaml", TestSpecs.Branin(5));
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "export-1")).Exit);
        await node.WaitForAsync("export-1", s => s.Status == SearchStatus.Finished, "finished");
        var file = Path.Combine(node.Dir, "export-1.csv");

        var export = await _mopt.RunAsync(CommandNode.Host, "search", "export", "export-1", "--out", file);
        var stdout = await _mopt.RunAsync(CommandNode.Host, "search", "export", "export-1");
        var badFormat = await _mopt.RunAsync(CommandNode.Host, "search", "export", "export-1", "--format", "xlsx");
        var missing = await _mopt.RunAsync(CommandNode.Host, "search", "export", "no-such-search", "--out", Path.Combine(node.Dir, "missing.csv"));

        Assert.True(export.Exit == 0, export.ToString());
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        Assert.Equal(["search_id", "trial_id", "status", "objective"], header[..4]);
        Assert.Contains("config.x0", header);
        Assert.Contains("config.x1", header);
        Assert.Contains("metric.value", header);
        Assert.Equal(6, lines.Length);
        var x0 = Array.IndexOf(header, "config.x0");
        Assert.All(lines[1..], line =>
        {
            var cells = line.Split(',');
            Assert.Equal("export-1", cells[0]);
            Assert.Equal("completed", cells[2]);
            Assert.InRange(double.Parse(cells[x0], System.Globalization.CultureInfo.InvariantCulture), -5, 10);
        });
        Assert.Equal(File.ReadAllText(file), stdout.Out);
        Assert.Equal(2, badFormat.Exit);
        Assert.Contains("--format: expected csv or jsonl, got 'xlsx'", badFormat.Error);
        Assert.Equal(1, missing.Exit);
        Assert.Empty(Directory.GetFiles(node.Dir, "missing.csv*"));
    }

    [Fact]
    public async Task Stop_cancels_a_running_search_and_resume_continues_it()
    {
        var spec = TestSpecs.Write(node.Dir, "slow-stop.yaml", TestSpecs.SlowCurve);
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "stop-1")).Exit);
        await node.WaitForAsync("stop-1", s => s.Trials.Any(t => t.Status == TrialStatus.Running), "a trial running");

        var stop = await _mopt.RunAsync(CommandNode.Host, "search", "stop", "stop-1");
        var stopped = await node.WaitForAsync("stop-1", s => s.Status == SearchStatus.Cancelled, "cancelled");
        var resume = await _mopt.RunAsync(CommandNode.Host, "search", "resume", "stop-1");
        var again = await _mopt.RunAsync(CommandNode.Host, "search", "stop", "stop-1", "--json");

        Assert.True(stop.Exit == 0, stop.ToString());
        Assert.Contains("stop-1 is cancelled", stop.Out);
        Assert.All(stopped.Trials, t => Assert.NotEqual(TrialStatus.Running, t.Status));
        Assert.True(resume.Exit == 0, resume.ToString());
        Assert.Contains("stop-1 is running", resume.Out);
        Assert.Equal("cancelled", JsonDocument.Parse(again.Out).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_bad_spec_lists_every_problem_and_exits_2()
    {
        var spec = TestSpecs.Write(node.Dir, "broken.yaml", TestSpecs.ThreeProblems);

        var result = await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec);

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains("objective.mode", result.Error);
        Assert.Contains("space.x0", result.Error);
        Assert.Contains("budget.maxTrials", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task An_unknown_search_is_one_line_and_exit_1()
    {
        var show = await _mopt.RunAsync(CommandNode.Host, "search", "show", "no-such-search");
        var stop = await _mopt.RunAsync(CommandNode.Host, "search", "stop", "no-such-search");

        Assert.Equal(1, show.Exit);
        Assert.Equal("error: no search 'no-such-search'; see: mopt search list", show.Error.Trim());
        Assert.Equal(1, stop.Exit);
    }

    [Fact]
    public async Task A_missing_spec_file_is_a_usage_error()
    {
        var result = await _mopt.RunAsync(CommandNode.Host, "search", "submit", Path.Combine(node.Dir, "nope.yaml"));

        Assert.Equal(2, result.Exit);
        Assert.Contains("nope.yaml", result.Error);
    }

    [Fact]
    public async Task An_ended_search_is_archived_still_read_and_then_deleted()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-cleanup.yaml", TestSpecs.Branin(4));
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "cleanup-1")).Exit);
        await node.WaitForAsync("cleanup-1", s => s.Status == SearchStatus.Finished, "finished");

        var archive = await _mopt.RunAsync(CommandNode.Host, "search", "archive", "cleanup-1");
        var show = await _mopt.RunAsync(CommandNode.Host, "search", "show", "cleanup-1");
        var delete = await _mopt.RunAsync(CommandNode.Host, "search", "delete", "cleanup-1", "--json");
        var gone = await _mopt.RunAsync(CommandNode.Host, "search", "show", "cleanup-1");
        var again = await _mopt.RunAsync(CommandNode.Host, "search", "delete", "cleanup-1");

        Assert.True(archive.Exit == 0, archive.ToString());
        Assert.Contains("cleanup-1 archived", archive.Out);
        Assert.True(show.Exit == 0, show.ToString());
        Assert.Contains("t0004", show.Out);
        Assert.True(delete.Exit == 0, delete.ToString());
        Assert.Equal("deleted", JsonDocument.Parse(delete.Out).RootElement.GetProperty("action").GetString());
        Assert.Equal(1, gone.Exit);
        Assert.Contains("no search 'cleanup-1'", gone.Error);
        Assert.Equal(1, again.Exit);
    }
}
