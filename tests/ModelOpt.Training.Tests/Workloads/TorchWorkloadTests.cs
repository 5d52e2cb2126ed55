using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Workloads;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Workloads;

public class TorchWorkloadTests
{
    private static readonly ModelBuilder Mlp = (config, shape, classes) =>
    {
        if (config.GetString("model", "mlp") != "mlp") throw new ArgumentException($"unknown model '{config.GetString("model")}'");
        return nn.Sequential(nn.Flatten(), nn.Linear(shape.Aggregate(1L, (a, b) => a * b), 16), nn.ReLU(), nn.Linear(16, classes));
    };

    private static TorchWorkload Workload(params (string Key, object? Value)[] options)
    {
        var all = new Dictionary<string, object?> { ["dataset"] = "synthetic", ["samples"] = 300L, ["classes"] = 3L };
        foreach (var (key, value) in options) all[key] = value;
        var spec = new WorkloadSpec(TorchWorkload.Kind, all);
        var reader = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, reader, Mlp);
        reader.ThrowIfInvalid();
        return workload;
    }

    private static TrialContext Context(int maxEpochs = 2, string device = "cpu", string? checkpointDir = null, params (string, object)[] config) =>
        new("s", "t1", TestData.Config([("lr", 0.05), ("batchSize", 32L), .. config]), maxEpochs, 11, device, 1, checkpointDir);

    [Fact]
    public async Task A_holdout_trial_reports_each_epoch_and_ends_with_test_metrics_and_a_confusion_matrix()
    {
        var checkpoints = TestData.TempDirectory();
        var reports = new List<EpochReport>();
        var result = await Workload(("testFraction", 0.2)).RunAsync(Context(checkpointDir: checkpoints), reports.Add, CancellationToken.None);
        Assert.Equal([1, 2], reports.Select(r => r.Epoch));
        Assert.True(reports[^1].Metrics["val_accuracy"] > 0.8, $"val_accuracy {reports[^1].Metrics["val_accuracy"]}");
        Assert.True(result.Metrics["test_accuracy"] > 0.8);
        Assert.Equal(8 * 16 + 16 + 16 * 3 + 3, result.Metrics["parameters"]);
        Assert.Equal("test", result.Artifacts!["confusion_matrix_split"]);
        Assert.Equal(4, result.Artifacts["confusion_matrix"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(File.Exists(Path.Combine(checkpoints, "best", "model.bin")));
        Assert.True(File.Exists(Path.Combine(checkpoints, "last", "optimizer.bin")));
    }

    [Fact]
    public async Task Kfold_reports_the_mean_spread_and_every_fold()
    {
        var reports = new List<EpochReport>();
        var result = await Workload(("evaluation", "kfold"), ("folds", 3L)).RunAsync(Context(maxEpochs: 1), reports.Add, CancellationToken.None);
        var metrics = Assert.Single(reports).Metrics;
        var folds = Enumerable.Range(0, 3).Select(f => metrics[$"fold{f}_val_accuracy"]).ToArray();
        Assert.Equal(folds.Average(), metrics["val_accuracy"], 12);
        Assert.True(metrics.ContainsKey("val_accuracy_std"));
        Assert.Equal(3, result.Metrics["folds"]);
        var rows = result.Artifacts!["confusion_matrix"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        Assert.Equal(300, rows.Sum(r => r.Split(',').Skip(1).Sum(int.Parse)));
    }

    [Fact]
    public void Bad_workload_options_are_rejected_with_their_paths()
    {
        var e = Assert.Throws<SpecException>(() => Workload(("evaluation", "loo"), ("device", "tpu"), ("colour", "red")));
        var paths = e.Errors.Select(x => x.Path).ToList();
        Assert.Contains("workload.evaluation", paths);
        Assert.Contains("workload.device", paths);
        Assert.Contains("workload.colour", paths);
    }

    [Theory]
    [InlineData("optimizer", "lbfgs")]
    [InlineData("model", "resnet")]
    public async Task A_bad_configuration_fails_the_trial_as_bad_config(string key, string value)
    {
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => Workload().RunAsync(Context(config: (key, value)), _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
    }

    [Fact]
    public async Task A_cuda_device_that_is_not_there_is_a_bad_config()
    {
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => Workload().RunAsync(Context(device: "cuda:99"), _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("cuda:99", e.Message);
    }

    [Fact]
    public async Task A_cancelled_trial_throws_operation_cancelled()
    {
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Workload().RunAsync(Context(maxEpochs: 5), _ => cts.Cancel(), cts.Token));
    }
}
