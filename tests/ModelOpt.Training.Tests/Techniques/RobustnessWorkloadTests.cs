using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Workloads;
using Xunit;

namespace ModelOpt.Training.Tests.Techniques;

/// <summary>The torch workload wires adversarial training and robust evaluation in from the configuration and options.</summary>
public class RobustnessWorkloadTests
{
    private static readonly ModelBuilder Mlp = (_, shape, classes) => TestData.Mlp(shape.Aggregate(1L, (a, b) => a * b), classes);

    private static TorchWorkload Workload(params (string Key, object? Value)[] extra)
    {
        var options = new Dictionary<string, object?>
        {
            ["dataset"] = "synthetic", ["samples"] = 300L, ["classes"] = 3L,
            ["robustness"] = new Dictionary<string, object?> { ["attack"] = "pgd", ["epsilon"] = 0.5, ["steps"] = 3L, ["samples"] = 40L },
        };
        foreach (var (key, value) in extra) options[key] = value;
        var spec = new WorkloadSpec(TorchWorkload.Kind, options);
        var reader = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, reader, Mlp);
        reader.ThrowIfInvalid();
        return workload;
    }

    [Fact]
    public async Task Every_epoch_reports_robust_accuracy_beside_clean_accuracy()
    {
        var reports = new List<EpochReport>();
        var config = TestData.Config(("lr", 0.05), ("batchSize", 32L), ("adversarial", "fgsm"), ("advEpsilon", 0.3));
        var result = await Workload().RunAsync(new TrialContext("s", "t", config, 2, 3), reports.Add, CancellationToken.None);

        Assert.All(reports, r => Assert.InRange(r.Metrics["val_robust_accuracy"], 0, 1));
        Assert.All(reports, r => Assert.True(r.Metrics["val_robust_loss"] > 0));
        Assert.True(result.Metrics.ContainsKey("val_robust_accuracy"));
    }

    [Fact]
    public async Task Kfold_averages_robust_accuracy_over_folds()
    {
        var reports = new List<EpochReport>();
        await Workload(("evaluation", "kfold"), ("folds", 2L)).RunAsync(new TrialContext("s", "t", TestData.Config(("batchSize", 32L)), 1, 3), reports.Add, CancellationToken.None);
        var metrics = Assert.Single(reports).Metrics;
        Assert.Equal((metrics["fold0_val_robust_accuracy"] + metrics["fold1_val_robust_accuracy"]) / 2, metrics["val_robust_accuracy"], 9);
        Assert.True(metrics.ContainsKey("val_robust_accuracy_std"));
    }

    [Fact]
    public async Task A_bad_adversarial_setting_fails_the_trial_before_training()
    {
        var e = await Assert.ThrowsAsync<TrialFailedException>(() =>
            Workload().RunAsync(new TrialContext("s", "t", TestData.Config(("adversarial", "pgd"), ("advSteps", 0L)), 1, 3), _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("advSteps", e.Message);
    }
}
