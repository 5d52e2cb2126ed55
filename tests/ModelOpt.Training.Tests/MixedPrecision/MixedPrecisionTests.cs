using ModelOpt.Search.Workloads;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.MixedPrecision;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.MixedPrecision;

public class MixedPrecisionTests
{
    [Fact]
    public void Autocast_runs_matrix_products_in_bf16_inside_the_region_and_fp32_after_it()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(8, 4);
        var x = randn(2, 8);
        using (Autocast.Enter(NumericPrecision.Bf16, CPU))
            Assert.Equal(ScalarType.BFloat16, linear.forward(x).dtype);
        Assert.Equal(ScalarType.Float32, linear.forward(x).dtype);
        using (Autocast.Enter(NumericPrecision.Fp32, CPU))
            Assert.Equal(ScalarType.Float32, linear.forward(x).dtype);
    }

    [Fact]
    public void A_bf16_trial_learns_on_the_cpu_with_fp32_weights()
    {
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        var reports = new List<EpochReport>();
        var config = TestData.Config(("lr", 0.05), ("batchSize", 32L), ("precision", "bf16"));
        new ModelTrainer(TestData.Options(config, maxEpochs: 3)).Fit(model, data, reports.Add, CancellationToken.None);

        Assert.True(reports[^1].Metrics[MetricNames.ValAccuracy] > 0.9, $"accuracy {reports[^1].Metrics[MetricNames.ValAccuracy]}");
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    [Fact]
    public void Fp16_on_the_cpu_is_refused_naming_what_to_use_instead()
    {
        using var data = TestData.BlobSplits(count: 60);
        using var model = TestData.Mlp(4, 3);
        var config = TestData.Config(("precision", "fp16"));
        var e = Assert.Throws<TrialFailedException>(() => new ModelTrainer(TestData.Options(config)).Fit(model, data, _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("fp16 needs a CUDA GPU", e.Message);
        Assert.Contains("bf16", e.Message);
    }

    [Fact]
    public void An_unknown_precision_is_a_bad_config_listing_the_choices()
    {
        var e = Assert.Throws<TrialFailedException>(() => TrainingSettings.FromConfig(TestData.Config(("precision", "fp8")), 2));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("fp32, bf16, fp16", e.Message);
    }

    [Fact]
    public void The_loss_scaler_skips_an_overflowing_step_halves_its_scale_and_unscales_clean_gradients()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(2, 1);
        var scaler = new LossScaler(initialScale: 1024);
        var parameters = layer.parameters().ToList();

        scaler.ScaleLoss(layer.forward(ones(1, 2)).sum()).backward();
        Assert.True(scaler.Unscale(parameters));
        scaler.Update(true);
        // d(sum(w·x + b))/db = 1 once the scale is divided back out.
        Assert.Equal(1.0, layer.bias!.grad!.item<float>(), 3);
        Assert.Equal(1024, scaler.Scale);

        layer.zero_grad();
        scaler.ScaleLoss(layer.forward(full(1, 2, float.PositiveInfinity)).sum()).backward();
        Assert.False(scaler.Unscale(parameters));
        scaler.Update(false);
        Assert.Equal(512, scaler.Scale);
        Assert.Equal(1, scaler.SkippedSteps);
    }
}
