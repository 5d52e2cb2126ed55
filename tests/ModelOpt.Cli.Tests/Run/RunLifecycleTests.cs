using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelOpt.Cli.Tests.Support;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

/// <summary>
/// <c>mopt run</c> as a user runs it, in its own process with its own node process: SIGTERM stops both in order, exits
/// 143, prints the command that resumes the search, and leaves the search in the journal to resume.
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
    public async Task Sigterm_stops_the_run_and_its_node_in_order_and_leaves_the_search_resumable()
    {
        if (OperatingSystem.IsWindows()) return;
        // Trials of 100 s each: the run cannot end on its own before the signal.
        var spec = TestSpecs.Write(_dir, "slow.yaml", TestSpecs.SlowCurve);
        var runDir = Path.Combine(_dir, "run");
        var config = Path.Combine(_dir, "config");
        using var mopt = Start(Path.Combine(AppContext.BaseDirectory, "mopt.dll"), ["run", spec, "--dir", runDir], config);
        // Lines as they come, on the Process's own reader threads (awaiting ReadLineAsync on its stdout here saw nothing until mopt ended).
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        mopt.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        mopt.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        mopt.BeginOutputReadLine();
        mopt.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        int? nodeId = null;
        string signals = "";
        string Seen() => $"{signals}\nafter {started.Elapsed.TotalSeconds:0} s\nstdout:\n{string.Join('\n', output)}\nstderr:\n{string.Join('\n', errors)}";
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            while (!output.Any(line => line.Contains(" started on ", StringComparison.Ordinal)))
            {
                Assert.False(mopt.HasExited, $"mopt ended before a trial started\n{Seen()}");
                Assert.False(deadline.IsCancellationRequested, $"no trial started\n{Seen()}");
                await Task.Delay(100);
            }
            var nodes = ProcessesNaming(Path.Combine(runDir, "journal.db"));
            Assert.True(nodes.Count == 1, $"not one node process naming the run's journal ({string.Join(", ", nodes)})\n{Seen()}");
            nodeId = nodes[0];
            signals = SignalMasks(mopt.Id);
            Assert.Equal(0, Kill("-TERM", mopt.Id));
            await mopt.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!mopt.HasExited) mopt.Kill(entireProcessTree: true);
            if (nodeId is { } node && Alive(node)) Process.GetProcessById(node).Kill();
        }
        var searchId = output.Select(line => Started().Match(line)).First(match => match.Success).Groups[1].Value;
        var stderr = string.Join('\n', errors);
        var seen = Seen();

        Assert.True(mopt.ExitCode == 143, $"exit {mopt.ExitCode}\n{seen}");
        Assert.Contains("interrupted; stopping the local node", stderr);
        Assert.Contains($"search {searchId} is left resumable; continue with: mopt run {spec} --dir {runDir} --resume {searchId}", stderr);
        Assert.DoesNotContain("was killed", stderr);
        Assert.False(Alive(nodeId!.Value), $"the node {nodeId} outlived mopt\n{seen}");
        var show = await new MoptRunner(config).RunAsync("--journal", Path.Combine(runDir, "journal.db"), "search", "show", searchId, "--json");
        Assert.True(show.Exit == 0, show.ToString());
        var search = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("running", search.GetProperty("status").GetString());
        Assert.DoesNotContain(search.GetProperty("trials").EnumerateArray(), t => t.GetProperty("status").GetString() == "completed");
    }

    private static Process Start(string moptDll, IEnumerable<string> arguments, string config)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(moptDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["XDG_CONFIG_HOME"] = config;
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MOPT_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        return Process.Start(start)!;
    }

    /// <summary>The running processes whose command line names <paramref name="text"/> (the node gets the run's journal path).</summary>
    private static List<int> ProcessesNaming(string text)
    {
        var found = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal) && Alive(pid)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended while listed.
            }
        }
        return found;
    }

    /// <summary>Whether the process runs (a zombie its parent has not reaped yet has ended).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>What mopt ignores, blocks and catches (said when the test fails: a signal it inherited as ignored or blocked never reaches it).</summary>
    private static string SignalMasks(int pid) =>
        string.Join(", ", File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal)));

    private static int Kill(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    [GeneratedRegex(@"^starting (\S+) on a local node")]
    private static partial Regex Started();
}
