using ModelOpt.Search.Workloads;
using ModelOpt.Training.Optimization;
using Xunit;

namespace ModelOpt.Training.Tests.Optimization;

public class TrainingSettingsTests
{
    [Fact]
    public void Missing_keys_get_defaults_and_epochs_are_capped_by_the_trial_budget()
    {
        var settings = TrainingSettings.FromConfig(TestData.Config(("epochs", 50L), ("optimizer", "nesterov")), maxEpochs: 8);
        Assert.Equal(8, settings.Epochs);
        Assert.Equal(64, settings.BatchSize);
        Assert.Equal(OptimizerKind.Nesterov, settings.Optimizer.Kind);
        Assert.Equal(0.01, settings.Optimizer.LearningRate);
        Assert.Equal(ScheduleKind.Constant, settings.Schedule);
        Assert.False(settings.Augmentation.IsActive);
    }

    [Theory]
    [InlineData("optimizer", "lbfgs", "one of sgd")]
    [InlineData("lrSchedule", "linear", "one of constant")]
    [InlineData("lr", -1.0, "between")]
    [InlineData("batchSize", "big", "a number")]
    [InlineData("normalization", "zscore", "one of none")]
    public void A_bad_value_is_a_bad_config_failure_naming_the_key(string key, object value, string expected)
    {
        var e = Assert.Throws<TrialFailedException>(() => TrainingSettings.FromConfig(TestData.Config((key, value)), 5));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
