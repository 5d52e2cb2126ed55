using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Training.Tests.Command;

/// <summary>The shipped shell example trainer speaks the protocol (the Python one is the same protocol, but tests stay on sh).</summary>
public sealed class ExampleTrainerTests : IDisposable
{
    private readonly CommandTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task The_shell_example_reports_every_remaining_epoch_and_a_final_loss()
    {
        var script = Path.Combine(RepositoryRoot(), "examples", "command", "train.sh");
        var context = new TrialContext("search-a", "t1", new Config([new("lr", ParameterValue.Float(0.3))]), MaxEpochs: 4, Seed: 1, StartEpoch: 1);
        var reports = new List<EpochReport>();

        var result = await _bed.Workload([script]).RunAsync(context, reports.Add, CancellationToken.None);

        Assert.Equal([2, 3, 4], reports.Select(r => r.Epoch));
        // loss = (lr - 0.1)^2 + 1 / (epoch + 1)
        Assert.Equal(0.04 + 1.0 / 5, reports[^1].Metrics["loss"], 6);
        Assert.Equal(reports[^1].Metrics["loss"], result.Metrics["loss"]);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelOpt.Cluster.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ModelOpt.Cluster.sln not found above {AppContext.BaseDirectory}");
    }
}
