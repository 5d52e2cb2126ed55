using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelOpt.Cli.Tests.Support;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

/// <summary>
/// <c>mopt run</c> as a user runs it, in its own process with its own node: SIGTERM stops both in order and prints the
/// command that resumes the search, and <c>mopt search resume</c> on the run's journal finishes it.
/// </summary>
public sealed partial class RunLifecycleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-lifecycle-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the journal briefly; a temp dir left behind is harmless.
        }
    }

    [Fact]
    public async Task Sigterm_leaves_the_search_resumable_and_resume_on_the_journal_finishes_it()
    {
        if (OperatingSystem.IsWindows()) return;
        var spec = TestSpecs.Write(_dir, "steps.yaml", TestSpecs.ShortCurves);
        var runDir = Path.Combine(_dir, "run");
        var config = Path.Combine(_dir, "config");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "mopt.dll"), "run", spec, "--dir", runDir }) start.ArgumentList.Add(argument);
        start.Environment["XDG_CONFIG_HOME"] = config;
        start.Environment.Remove("MOPT_COMMAND_PORT");
        using var mopt = Process.Start(start)!;
        var errors = mopt.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        string? searchId = null;
        try
        {
            // Stop it while its first trial runs: five more are left to resume.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await mopt.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                lines.Add(line);
                searchId ??= Started().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
                if (line.Contains(" started on ", StringComparison.Ordinal)) break;
            }
            Assert.True(searchId is not null, $"no start line in: {string.Join('\n', lines)}\n{await errors}");
            Assert.Equal(0, Kill("-TERM", mopt.Id));
            await mopt.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!mopt.HasExited) mopt.Kill(entireProcessTree: true);
        }

        var stderr = await errors;
        Assert.StartsWith($"starting {searchId} on a local node", lines[0]);
        Assert.True(mopt.ExitCode == 143, $"exit {mopt.ExitCode}: {stderr}\n{string.Join('\n', lines)}\n{await mopt.StandardOutput.ReadToEndAsync()}");
        Assert.Contains($"continue with: mopt run {spec} --dir {runDir} --resume {searchId}", stderr);

        // As a user would type it: relative to where mopt runs (the node it starts runs elsewhere).
        var journal = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(runDir, "journal.db"));
        var runner = new MoptRunner(config);
        var resumed = await runner.RunAsync("--journal", journal, "search", "resume", searchId!);
        var show = await runner.RunAsync("--journal", journal, "search", "show", searchId!, "--json");

        Assert.True(resumed.Exit == 0, resumed.ToString());
        Assert.Contains("search finished", resumed.Out);
        var search = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("finished", search.GetProperty("status").GetString());
        Assert.Equal(6, search.GetProperty("trials").EnumerateArray().Count(t => t.GetProperty("status").GetString() == "completed"));
    }

    private static int Kill(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    [GeneratedRegex(@"^starting (\S+) on a local node")]
    private static partial Regex Started();
}
