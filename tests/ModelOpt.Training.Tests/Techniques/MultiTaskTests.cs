using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Techniques.MultiTask;
using ModelOpt.Training.Trainer;
using ModelOpt.Training.Workloads;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

public class MultiTaskTests
{
    private static readonly ModelBuilder Mlp = (_, shape, classes) => TestData.Mlp(shape.Aggregate(1L, (a, b) => a * b), classes);

    private static List<object?> Tasks(params (string Name, string Labels)[] tasks) =>
        [.. tasks.Select(t => (object?)new Dictionary<string, object?> { ["name"] = t.Name, ["labels"] = t.Labels })];

    private static TorchWorkload Workload(object? tasks)
    {
        var spec = new WorkloadSpec(TorchWorkload.Kind, new Dictionary<string, object?>
        {
            ["dataset"] = "synthetic", ["samples"] = 400L, ["classes"] = 4L, ["tasks"] = tasks,
        });
        var reader = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, reader, Mlp);
        reader.ThrowIfInvalid();
        return workload;
    }

    [Fact]
    public async Task Every_task_reports_its_metrics_and_the_weighted_accuracy()
    {
        var workload = Workload(Tasks(("cls", "y"), ("parity", "y % 2"), ("high", "y >= 2")));
        var reports = new List<EpochReport>();
        var config = TestData.Config(("lr", 0.05), ("batchSize", 32L), ("taskWeight_high", 0.5));
        var result = await workload.RunAsync(new TrialContext("s", "t", config, 3, 5), reports.Add, CancellationToken.None);

        var metrics = reports[^1].Metrics;
        foreach (var task in new[] { "cls", "parity", "high" })
            foreach (var name in new[] { "loss", "accuracy", "precision", "recall", "f1" })
                Assert.True(metrics.ContainsKey($"val_{task}_{name}"), $"val_{task}_{name}");
        Assert.Equal(metrics["val_accuracy"], metrics["val_cls_accuracy"], 9);
        Assert.True(metrics["val_parity_accuracy"] > 0.8, $"parity accuracy {metrics["val_parity_accuracy"]}");
        Assert.Equal((metrics["val_cls_accuracy"] + metrics["val_parity_accuracy"] + metrics["val_high_accuracy"]) / 3, metrics["val_weighted_accuracy"], 9);
        // 8 synthetic features; the last layer holds the three heads side by side: 16·(4 + 2 + 2) weights + 8 biases.
        Assert.Equal(8 * 16 + 16 + 16 * 8 + 8, result.Metrics["parameters"]);
        Assert.Equal(5, result.Artifacts!["confusion_matrix"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_task_with_loss_weight_zero_leaves_its_head_untrained()
    {
        using var data = TestData.BlobSplits(count: 200, classes: 4);
        var tasks = new[] { new TaskDefinition("cls", LabelRule.Identity, 1), new TaskDefinition("parity", LabelRule.TryParse("y % 2", out _)!, 1) };
        (Tensor Primary, Tensor Parity) HeadChange(double parityWeight)
        {
            using var model = new MultiTaskModel(TestData.Mlp(4, 6), [4, 2]);
            var last = (TorchSharp.Modules.Linear)model.modules().OfType<TorchSharp.Modules.Linear>().Last();
            var before = last.weight!.detach().clone();
            var hook = new MultiTaskHook(tasks, [1.0, parityWeight], 256);
            new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 32L)), 2, [hook])).Fit(model, data, _ => { }, CancellationToken.None);
            var change = (last.weight!.detach() - before).abs();
            return (change.narrow(0, 0, 4).sum(), change.narrow(0, 4, 2).sum());
        }

        var (primary, parity) = HeadChange(0);
        Assert.True(primary.item<float>() > 0);
        Assert.Equal(0, parity.item<float>());
        Assert.True(HeadChange(1).Parity.item<float>() > 0);
    }

    [Fact]
    public async Task Task_loss_weights_that_are_all_zero_fail_the_trial_as_bad_config()
    {
        var workload = Workload(Tasks(("cls", "y"), ("parity", "y % 2")));
        var config = TestData.Config(("taskWeight_cls", 0.0), ("taskWeight_parity", 0.0));
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => workload.RunAsync(new TrialContext("s", "t", config, 1, 5), _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
    }

    [Fact]
    public async Task A_task_whose_labels_give_one_class_fails_as_bad_config()
    {
        var workload = Workload(Tasks(("cls", "y"), ("never", "y >= 40")));
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => workload.RunAsync(new TrialContext("s", "t", TestData.Config(), 1, 5), _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("never", e.Message);
    }

    [Fact]
    public void Bad_task_lists_are_rejected_with_their_paths()
    {
        var e = Assert.Throws<SpecException>(() => Workload(Tasks(("cls", "y % 2"), ("Bad Name", "y"), ("p", "y ^ 2"), ("p", "y % 3"))));
        var paths = e.Errors.Select(x => x.Path).ToList();
        Assert.Contains("workload.tasks[0].labels", paths);
        Assert.Contains("workload.tasks[1].name", paths);
        Assert.Contains("workload.tasks[2].labels", paths);
        Assert.Contains("workload.tasks[3].name", paths);
        Assert.Equal("workload.tasks", Assert.Single(Assert.Throws<SpecException>(() => Workload(Tasks(("cls", "y")))).Errors).Path);
        Assert.Equal("workload.tasks[1]", Assert.Single(Assert.Throws<SpecException>(() => Workload(new List<object?> { new Dictionary<string, object?> { ["name"] = "a" }, "b" })).Errors).Path);
    }
}
