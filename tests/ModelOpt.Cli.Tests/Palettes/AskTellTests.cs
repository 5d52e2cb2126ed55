using System.Diagnostics;
using System.Text.Json;
using ModelOpt.Cli.Tests.Support;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary><c>mopt search ask|report|tell</c> against a real node, and the shell example built on them.</summary>
[Collection(ExternalTrialNodeCollection.Name)]
public sealed class AskTellTests(ExternalTrialNode node)
{
    private readonly MoptRunner _mopt = new(Path.Combine(node.Dir, "config"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });

    private static string Spec(int trials, string scheduler = "fifo", string lease = "60s") => $$"""
        apiVersion: modelopt/v1
        name: shell-quadratic
        seed: 1
        objective: {metric: loss, mode: min}
        space:
          x: {type: float, low: -2, high: 2}
          lr: {type: float, low: 0.01, high: 1, log: true}
        scheduler: {{scheduler}}
        budget: {maxTrials: {{trials}}, maxConcurrent: 1, maxEpochsPerTrial: 3}
        workload: {kind: external, lease: {{lease}}}
        """;

    private async Task<string> SubmitAsync(string spec, string id)
    {
        var submit = await _mopt.RunAsync(node.Address, "search", "submit", TestSpecs.Write(node.Dir, $"{id}.yaml", spec), "--id", id);
        Assert.True(submit.Exit == 0, submit.ToString());
        return id;
    }

    [Fact]
    public async Task Ask_prints_the_trial_as_key_value_lines_report_answers_continue_or_stop_and_tell_the_phase()
    {
        var id = await SubmitAsync(Spec(1, "{type: patience, patience: 1}"), "ask-tell-1");

        var ask = await _mopt.RunAsync(node.Address, "search", "ask", id, "--client", "shell-1");
        var first = await _mopt.RunAsync(node.Address, "search", "report", $"{id}/t0001", "--attempt", "1", "--epoch", "1", "loss=1.5");
        var second = await _mopt.RunAsync(node.Address, "search", "report", $"{id}/t0001", "--attempt", "1", "--epoch", "2", "loss=2.5", "--seconds", "0.3");
        var again = await _mopt.RunAsync(node.Address, "search", "report", $"{id}/t0001", "--attempt", "1", "--epoch", "2", "loss=2.5", "--json");
        var tell = await _mopt.RunAsync(node.Address, "search", "tell", $"{id}/t0001", "--attempt", "1", "loss=2.5");
        var tellJson = await _mopt.RunAsync(node.Address, "search", "tell", $"{id}/t0001", "--attempt", "1", "loss=2.5", "--json");
        var ended = await _mopt.RunAsync(node.Address, "search", "ask", id);
        var show = await _mopt.RunAsync(node.Address, "search", "show", id, "--json");

        Assert.True(ask.Exit == 0, ask.ToString());
        var lines = ask.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"trial={id}/t0001", "attempt=1", "maxEpochs=3", "leaseSeconds=60"], lines[..4]);
        Assert.Equal(["config.lr", "config.x"], lines[4..].Select(l => l.Split('=')[0]));
        Assert.Equal("continue", first.Out.Trim());
        Assert.StartsWith("stop: no improvement of loss", second.Out.Trim());
        Assert.Equal(("stopped", 0), (tell.Out.Trim(), tell.Exit));
        Schemas.AssertValid("trial-decision", again.Out);
        Assert.Equal("stop", JsonDocument.Parse(again.Out).RootElement.GetProperty("decision").GetString());
        Schemas.AssertValid("trial-decision", tellJson.Out);
        Assert.Equal(1, ended.Exit);
        Assert.Contains("is finished", ended.Error);
        var trial = JsonDocument.Parse(show.Out).RootElement.GetProperty("trials")[0];
        Assert.Equal(("shell-1", 2), (trial.GetProperty("node").GetString(), trial.GetProperty("epochs").GetInt32()));
    }

    [Fact]
    public async Task Refusals_and_bad_arguments_exit_with_their_codes()
    {
        var id = await SubmitAsync(Spec(2), "ask-tell-2");
        var readOnly = new MoptRunner(Path.Combine(node.Dir, "config-ro"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.ReadOnlyToken });
        Assert.Equal(0, (await _mopt.RunAsync(node.Address, "search", "ask", id)).Exit);

        var wrongAttempt = await _mopt.RunAsync(node.Address, "search", "report", $"{id}/t0001", "--attempt", "2", "--epoch", "1", "loss=1");
        var noAttempt = await _mopt.RunAsync(node.Address, "search", "tell", $"{id}/t0001", "loss=1");
        var badMetric = await _mopt.RunAsync(node.Address, "search", "report", $"{id}/t0001", "--attempt", "1", "--epoch", "1", "loss=low");
        var noEpoch = await _mopt.RunAsync(node.Address, "search", "report", $"{id}/t0001", "--attempt", "1", "loss=1");
        var forbidden = await readOnly.RunAsync(node.Address, "search", "ask", id);
        var busy = await _mopt.RunAsync(node.Address, "search", "ask", id, "--wait", "0");
        var askJson = await _mopt.RunAsync(node.Address, "search", "ask", "--json", await SubmitAsync(Spec(1), "ask-tell-json"));
        var failed = await _mopt.RunAsync(node.Address, "search", "tell", $"{id}/t0001", "--attempt", "1", "--failed", "diverged");

        Assert.Equal(1, wrongAttempt.Exit);
        Assert.Contains("has no attempt 2", wrongAttempt.Error);
        Assert.Equal(2, noAttempt.Exit);
        Assert.Equal(2, badMetric.Exit);
        Assert.Contains("metric 'loss=low'", badMetric.Error);
        Assert.Equal(2, noEpoch.Exit);
        Assert.Equal(4, forbidden.Exit);
        Assert.Equal(1, busy.Exit);
        Assert.Contains("maxConcurrent", busy.Error);
        Assert.Equal(("failed", 0), (failed.Out.Trim(), failed.Exit));
        Schemas.AssertValid("ask-answer", askJson.Out);
        Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(askJson.Out).RootElement.GetProperty("config").GetProperty("lr").ValueKind);
    }

    [Fact]
    public async Task The_shell_example_runs_a_whole_search_with_ask_report_and_tell()
    {
        var id = await SubmitAsync(Spec(3), "ask-tell-shell");
        var mopt = Path.Combine(AppContext.BaseDirectory, "mopt.dll");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "examples", "external", "ask-tell.sh"));
        info.ArgumentList.Add(id);
        info.Environment["MOPT"] = $"dotnet {mopt} {node.Address}";
        info.Environment["MOPT_TOKEN"] = CommandNode.FullToken;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(node.Dir, "config-shell");

        using var script = Process.Start(info)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(3)), "the example did not finish within 3 minutes");
        var show = await _mopt.RunAsync(node.Address, "search", "show", id, "--json");

        Assert.True(script.ExitCode == 0, $"exit {script.ExitCode}\n{await output}\n{await error}");
        Assert.Equal(3, (await output).Split('\n').Count(l => l.Contains(": completed, loss ")));
        var search = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("finished", search.GetProperty("status").GetString());
        Assert.All(search.GetProperty("trials").EnumerateArray(), t => Assert.Equal(3, t.GetProperty("curve").GetArrayLength()));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "ModelOpt.Cluster.sln"))) return directory.FullName;
        throw new InvalidOperationException("no ModelOpt.Cluster.sln above the test's output directory");
    }
}
