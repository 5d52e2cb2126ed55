using ModelOpt.Training.Data;
using ModelOpt.Training.Techniques.Adversarial;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

/// <summary>FGSM and PGD on a small trained classifier: the perturbation is bounded, and it really hurts the model.</summary>
public sealed class AttackTests : IDisposable
{
    private const double Epsilon = 1.0;
    private readonly DataSplits _data = TestData.BlobSplits(count: 300);
    private readonly nn.Module<Tensor, Tensor> _model = TestData.Mlp(4, 3);
    private readonly DataRange _range;

    public AttackTests()
    {
        new ModelTrainer(TestData.Options(TestData.Config(("lr", 0.05), ("batchSize", 32L)), maxEpochs: 3)).Fit(_model, _data, _ => { }, CancellationToken.None);
        _range = DataRange.Of(_data.Train);
    }

    public void Dispose()
    {
        _model.Dispose();
        _data.Dispose();
    }

    private double Loss(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _model.eval();
        return nn.functional.cross_entropy(_model.forward(input), _data.Validation.Labels).item<float>();
    }

    public static TheoryData<string> Attacks() => ["fgsm", "pgd"];

    private static AttackSettings Settings(string kind) => kind == "fgsm" ? AttackSettings.Fgsm(Epsilon) : AttackSettings.Pgd(Epsilon, 10);

    [Theory]
    [MemberData(nameof(Attacks))]
    public void The_perturbation_stays_within_epsilon_and_the_data_range_and_raises_the_loss(string kind)
    {
        using var scope = NewDisposeScope();
        var clean = _data.Validation.Features;
        var adversarial = Attack.Perturb(_model, clean, _data.Validation.Labels, Settings(kind), _range);

        var largest = (adversarial - clean).abs().max().item<float>();
        Assert.InRange(largest, 0.05, Epsilon + 1e-5);
        Assert.True(adversarial.min().item<float>() >= _range.Low - 1e-5 || clean.min().item<float>() < _range.Low);
        var (cleanLoss, adversarialLoss) = (Loss(clean), Loss(adversarial));
        Assert.True(adversarialLoss > cleanLoss * 1.2, $"{kind}: clean loss {cleanLoss}, adversarial loss {adversarialLoss}");
    }

    [Fact]
    public void Pgd_finds_at_least_the_loss_fgsm_finds()
    {
        using var scope = NewDisposeScope();
        var x = _data.Validation.Features;
        var y = _data.Validation.Labels;
        var fgsm = Loss(Attack.Perturb(_model, x, y, AttackSettings.Fgsm(Epsilon), _range));
        var pgd = Loss(Attack.Perturb(_model, x, y, AttackSettings.Pgd(Epsilon, 10), _range));
        Assert.True(pgd >= fgsm - 1e-4, $"fgsm loss {fgsm}, pgd loss {pgd}");
    }

    [Fact]
    public void Attacking_leaves_parameter_gradients_and_the_training_mode_alone()
    {
        using var scope = NewDisposeScope();
        _model.train();
        foreach (var p in _model.parameters()) p.grad?.zero_();
        Attack.Perturb(_model, _data.Validation.Features, _data.Validation.Labels, AttackSettings.Pgd(Epsilon, 3), _range);
        Assert.True(_model.training);
        Assert.All(_model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    [Fact]
    public void Robust_accuracy_is_below_clean_accuracy()
    {
        var (robust, robustLoss) = RobustAccuracyHook.Evaluate(_model, _data.Validation, Settings("pgd"), _range, 64, null, CPU);
        var (_, matrix) = Evaluator.Evaluate(_model, _data.Validation, CPU, 64, CancellationToken.None);
        Assert.True(robust < matrix.Accuracy, $"robust {robust}, clean {matrix.Accuracy}");
        Assert.True(robustLoss > Loss(_data.Validation.Features));
    }
}
