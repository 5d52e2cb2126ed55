using ModelOpt.Search.Workloads;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Techniques.Adversarial;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

public class AdversarialTrainingTests
{
    [Fact]
    public void Settings_come_from_the_configuration_with_pgd_defaults()
    {
        Assert.Null(AdversarialTraining.FromConfig(TestData.Config()));
        Assert.Null(AdversarialTraining.FromConfig(TestData.Config(("adversarial", "none"), ("advEpsilon", 0.2))));
        var fgsm = AdversarialTraining.FromConfig(TestData.Config(("adversarial", "fgsm"), ("advEpsilon", 0.2), ("advSteps", 5L)))!;
        Assert.Equal(AttackSettings.Fgsm(0.2), fgsm.Attack);
        Assert.Equal(0.5, fgsm.Weight);
        var pgd = AdversarialTraining.FromConfig(TestData.Config(("adversarial", "pgd"), ("advEpsilon", 0.1), ("advSteps", 4L), ("advWeight", 1.0)))!;
        Assert.Equal(new AttackSettings(AttackKind.Pgd, 0.1, 4, 2.5 * 0.1 / 4), pgd.Attack);
        Assert.Equal(1.0, pgd.Weight);
    }

    [Theory]
    [InlineData("adversarial", "cw")]
    [InlineData("advEpsilon", -0.1)]
    [InlineData("advWeight", 1.5)]
    [InlineData("advSteps", 0L)]
    public void A_bad_value_is_a_bad_config_naming_the_key(string key, object value)
    {
        var config = key == "adversarial" ? TestData.Config((key, value)) : TestData.Config(("adversarial", "pgd"), (key, value));
        var e = Assert.Throws<TrialFailedException>(() => AdversarialTraining.FromConfig(config));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void The_training_loss_includes_the_adversarial_loss()
    {
        using var data = TestData.BlobSplits(count: 200);
        using var model = TestData.Mlp(4, 3);
        var config = TestData.Config(("batchSize", 32L));
        var hook = new AdversarialTrainingHook(new AdversarialTraining(AttackSettings.Fgsm(0.5), 1.0));
        using var optimizer = optim.Adam(model.parameters());
        var state = new TrainingState(model, optimizer, data, TrainingSettings.FromConfig(config, 1), CPU);
        hook.OnTrainingStart(state);
        using var scope = NewDisposeScope();
        var x = data.Train.Features.narrow(0, 0, 32);
        var y = data.Train.Labels.narrow(0, 0, 32);
        var clean = nn.functional.cross_entropy(model.forward(x), y);
        var adjusted = hook.AdjustLoss(state, x, y, model.forward(x), clean);
        Assert.True(adjusted.item<float>() > clean.item<float>(), $"clean {clean.item<float>()}, adversarial {adjusted.item<float>()}");
    }

    [Fact]
    public void Adversarial_training_makes_the_model_more_robust_than_plain_training()
    {
        var attack = AttackSettings.Fgsm(1.0);
        double Robust(bool adversarial)
        {
            using var data = TestData.BlobSplits(count: 600);
            using var model = TestData.Mlp(4, 3);
            IReadOnlyList<ITrainingHook> hooks = adversarial ? [new AdversarialTrainingHook(new AdversarialTraining(attack, 0.5))] : [];
            new ModelTrainer(TestData.Options(TestData.Config(("lr", 0.02), ("batchSize", 32L)), maxEpochs: 6, hooks)).Fit(model, data, _ => { }, CancellationToken.None);
            return RobustAccuracyHook.Evaluate(model, data.Validation, attack, DataRange.Of(data.Train), 256, null, CPU).Accuracy;
        }
        var (plain, trained) = (Robust(false), Robust(true));
        Assert.True(trained > plain + 0.03, $"robust accuracy: plain {plain}, adversarially trained {trained}");
    }
}
