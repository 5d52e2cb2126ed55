using ModelOpt.Faults.Checks;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Workloads;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>(e) A whole search over links with 200 ms of latency each way and 5 % packet loss.</summary>
[Trait("Category", "Faults")]
public sealed class SlowNetworkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(240);

    [NamespaceFact]
    public async Task A_search_over_slow_lossy_links_finishes_with_every_invariant_intact()
    {
        using var lab = NetworkLab.Create();
        await using var cluster = LabTopology.Create(lab, System.IO.Directory.CreateTempSubdirectory("mft-slow-").FullName, workers: 2,
            new LabTopologyOptions { Slots = 2 });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitUntilWholeAsync(Deadline);
        cluster.SetLatency(TimeSpan.FromMilliseconds(200));
        lab.Loss(5);

        var directory = Path.Combine(cluster.Directory, "e");
        var report = await FaultRun.RunAsync(cluster, FaultSpecs.Command("slow", trials: 16, concurrent: 4, epochs: 2, epochSeconds: 1, directory),
            _ => Task.CompletedTask, Deadline, InvariantChecker.LedgerIn(directory));

        output.WriteLine($"(e) {report}");
        Assert.True(report.Passed, $"(e) {report}");
        Assert.Equal(16, report.Completed);
        cluster.KeepDirectory = false;
    }
}
