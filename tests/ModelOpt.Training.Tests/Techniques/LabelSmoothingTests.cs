using ModelOpt.Search.Workloads;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

public class LabelSmoothingTests
{
    [Fact]
    public void Label_smoothing_makes_the_trained_model_less_confident()
    {
        double MeanConfidence(double smoothing)
        {
            using var data = TestData.BlobSplits(count: 300);
            using var model = TestData.Mlp(4, 3);
            var config = TestData.Config(("lr", 0.05), ("batchSize", 32L), ("labelSmoothing", smoothing));
            new ModelTrainer(TestData.Options(config, maxEpochs: 4)).Fit(model, data, _ => { }, CancellationToken.None);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.eval();
            return nn.functional.softmax(model.forward(data.Validation.Features), 1).amax(1).mean().item<float>();
        }
        var (plain, smoothed) = (MeanConfidence(0), MeanConfidence(0.3));
        Assert.True(smoothed < plain - 0.02, $"mean top probability: plain {plain}, smoothed {smoothed}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Smoothing_outside_0_to_1_is_a_bad_config(double smoothing)
    {
        var e = Assert.Throws<TrialFailedException>(() => TrainingSettings.FromConfig(TestData.Config(("labelSmoothing", smoothing)), 1));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("labelSmoothing", e.Message);
    }

    [Fact]
    public void The_default_is_no_smoothing() => Assert.Equal(0, TrainingSettings.FromConfig(TestData.Config(), 1).LabelSmoothing);
}
