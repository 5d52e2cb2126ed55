using System.Text.Json;
using System.Text.RegularExpressions;
using ModelOpt.Cli.Run;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

/// <summary><c>mopt run</c> end to end on its local node (a ModelOpt.Node process; remoting and endpoint on kernel-chosen free ports).</summary>
public sealed class RunSearchTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_run_shows_plain_progress_off_a_terminal_then_writes_its_summary_and_report()
    {
        var spec = Path.Combine(_directory, "branin.yaml");
        await File.WriteAllTextAsync(spec, """
            apiVersion: modelopt/v1
            name: branin-run
            seed: 3
            objective: {metric: value, mode: min}
            space:
              x0: {type: float, low: -5, high: 10}
              x1: {type: float, low: 0, high: 15}
            searcher: random
            budget: {maxTrials: 6, maxConcurrent: 2}
            workload: {kind: function, function: branin}
            """);
        var output = new StringWriter();
        var errors = new StringWriter();
        var summary = new FileInfo(Path.Combine(_directory, "summary.json"));
        var report = new DirectoryInfo(Path.Combine(_directory, "report"));

        var config = Path.Combine(_directory, "config");
        var json = new StringWriter();
        var exit = await new RunSearch(TestConsoles.Plain(output), errors, TrainingCatalog.Default, name => name == "XDG_CONFIG_HOME" ? config : null).RunAsync(
            new RunRequest(new FileInfo(spec), summary, 2, new DirectoryInfo(Path.Combine(_directory, "state")), null, report) { JsonOut = json },
            CancellationToken.None);

        Assert.True(exit == RunSearch.Ok, $"exit {exit}: {errors}");
        var text = output.ToString();
        // The first view sums up the trials already done (the node may finish instant ones before it is first asked), then one line per completion.
        var doneAtFirst = int.Parse(Regex.Match(text, @"\(branin-run\): (\d+)/6 trials done").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(6, doneAtFirst + Regex.Count(text, @"\] t\d+ completed: value = "));
        Assert.Contains("search finished: ", text);
        // The separate node's one-time dashboard sign-in link, from its ready line.
        Assert.Matches(@"dashboard: http://127\.0\.0\.1:\d+/dashboard/signin\?code=\S+ \(a one-time sign-in link\)", text);
        var written = await File.ReadAllTextAsync(summary.FullName);
        Schemas.AssertValid("run-summary", written);
        Assert.Equal(6, JsonDocument.Parse(written).RootElement.GetProperty("completed").GetInt32());
        // --json: the same summary, alone on its own writer (stdout), the progress elsewhere.
        Assert.Equal(written.Trim(), json.ToString().Trim());
        var duration = JsonDocument.Parse(written).RootElement.GetProperty("durationSeconds").GetDouble();
        Assert.InRange(duration, 0, 120);
        var html = await File.ReadAllTextAsync(Path.Combine(report.FullName, "report.html"));
        Assert.Equal(6, Regex.Count(html, "<tr class=\"trial"));
        Assert.Contains($"report written to {Path.Combine(report.FullName, "report.html")}", text);
    }
}
