using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Models;

public class ModelTrainingTests
{
    public static TheoryData<string> Families => new(ModelFactory.Families);

    [Theory]
    [MemberData(nameof(Families))]
    public void Every_family_reduces_the_loss_in_a_few_adam_steps(string family)
    {
        manual_seed(5);
        var config = TestData.Config(("family", family), ("units", 16L), ("channels", 4L), ("headUnits", 8L), ("hidden", 8L), ("dim", 8L), ("heads", 2L), ("depth", 1L), ("patch", 2L));
        using var model = ModelFactory.Build(config, [1, 4, 4], 3);
        using var inputs = randn(12, 1, 4, 4);
        using var labels = arange(12, ScalarType.Int64) % 3;
        using var optimizer = optim.Adam(model.parameters(), 0.03);
        double Loss()
        {
            using var scope = NewDisposeScope();
            return nn.functional.cross_entropy(model.call(inputs), labels).item<float>();
        }
        var before = Loss();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(inputs), labels).backward();
            optimizer.step();
        }
        Assert.True(Loss() < 0.7 * before, $"{family}: loss {before} -> {Loss()}");
    }

    [Fact]
    public async Task A_catalogued_torch_workload_trains_a_cnn_from_its_configuration()
    {
        var catalog = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);
        var spec = new WorkloadSpec(TorchWorkload.Kind, new Dictionary<string, object?>
        {
            ["dataset"] = "synthetic", ["synthetic"] = "images", ["samples"] = 120L, ["classes"] = 2L, ["imageSize"] = 8L,
        });
        var workload = catalog.Workloads.Create(spec);
        var config = TestData.Config(("family", "cnn"), ("depth", 1L), ("channels", 4L), ("headUnits", 0L), ("lr", 0.02), ("batchSize", 16L));
        var reports = new List<EpochReport>();
        var result = await workload.RunAsync(new TrialContext("s", "t1", config, 3, 3, "cpu", 1, null), reports.Add, CancellationToken.None);
        Assert.Equal(3, reports.Count);
        Assert.Equal(1 * 4 * 9 + 4 + 4 * 4 * 4 * 2 + 2, result.Metrics["parameters"]);
        Assert.True(reports[^1].Metrics["val_accuracy"] > 0.9, $"val_accuracy {reports[^1].Metrics["val_accuracy"]}");
    }
}
