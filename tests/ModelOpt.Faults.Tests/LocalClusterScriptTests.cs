using System.Diagnostics;
using ModelOpt.Client.Models;
using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>
/// deploy/local-cluster.sh as shipped (ports 20200-20299): SIGKILL of the coordinator mid-search and then of a worker
/// each end in one cluster again with no manual step, and the search loses nothing.
/// </summary>
[Trait("Category", "Faults")]
public sealed class LocalClusterScriptTests(ITestOutputHelper output) : IDisposable
{
    private const int CommandPort = 20290;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("mft-local-cluster-").FullName;
    private bool _passed;

    [Fact]
    public async Task Killing_any_node_of_the_local_cluster_ends_in_one_cluster_again()
    {
        Script("start", "--workers", "2", "--base-port", "20200", "--management-port", "20250", "--command-port", $"{CommandPort}");
        using var endpoint = new EndpointClient(null, System.Net.IPAddress.Loopback, CommandPort, File.ReadAllText(Path.Combine(_runDirectory, "token")).Trim());
        await WaitUntilWholeAsync(endpoint);

        var trials = Path.Combine(_runDirectory, "trials");
        var id = await endpoint.SubmitWhenReadyAsync(FaultSpecs.Command("local", trials: 8, concurrent: 2, epochs: 2, epochSeconds: 1, trials), Deadline);
        var observer = new SearchObserver(id);
        await endpoint.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline, observer);
        Signals.Send(Pid("coordinator"), Signals.Kill);
        var final = await endpoint.WaitForSearchAsync(id, s => !s.IsRunning, Deadline, observer);
        var report = InvariantChecker.Check(final, await JournalHistory.ReadAsync(Path.Combine(_runDirectory, "journal.db"), id), observer, InvariantChecker.LedgerIn(trials));
        output.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(8, report.Completed);
        await WaitUntilWholeAsync(endpoint);

        var worker = Pid("worker-2");
        Signals.Send(worker, Signals.Kill);
        await WaitUntilWholeAsync(endpoint, restarted: "worker-2", before: worker);

        Script("stop");
        Assert.Empty(Directory.GetFiles(Path.Combine(_runDirectory, "pids")));
        _passed = true;
    }

    public void Dispose()
    {
        Script("stop");
        if (_passed) Directory.Delete(_runDirectory, recursive: true);
        else output.WriteLine($"logs kept in {_runDirectory}/logs");
    }

    private int Pid(string node) =>
        TryPid(node) ?? throw new InvalidOperationException($"no pid file names a live {node}; logs in {_runDirectory}/logs");

    /// <summary>The node's pid, or null while its supervisor is between two runs of it (the file is absent then).</summary>
    private int? TryPid(string node)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(_runDirectory, "pids", $"{node}.pid")).Trim(), out var pid) ? pid : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every node an Up, reachable member as the coordinator sees it, and both workers' slots registered.</summary>
    private async Task WaitUntilWholeAsync(EndpointClient endpoint, string? restarted = null, int before = 0)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var view = await endpoint.TryAsync((c, ct) => c.ClusterAsync(ct));
            var slots = await endpoint.TryAsync((c, ct) => c.WorkersAsync(ct));
            var renewed = restarted is null || TryPid(restarted) is { } pid && pid != before;
            if (renewed && view is { Members.Count: 3 } && view.Members.All(m => m.Status == "up" && m.Reachable) && slots?.Count == 2) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"the local cluster was not whole again within {Deadline.TotalSeconds:0} s; logs in {_runDirectory}/logs");
    }

    private void Script(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh") }.Concat(arguments).Append("--run-dir").Append(_runDirectory))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        output.WriteLine($"local-cluster.sh {string.Join(' ', arguments)}: exit {process.ExitCode}\n{stdout.Result}{stderr.Result}");
        Assert.True(process.ExitCode == 0, $"local-cluster.sh {arguments[0]} failed: {stderr.Result}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelOpt.Cluster.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("the repository root (ModelOpt.Cluster.sln) is not above the test's output");
    }
}
