using ModelOpt.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Adversarial;

/// <summary>
/// Trains on adversarial examples: each batch is attacked against the current weights, and the loss becomes
/// (1 − w)·clean loss + w·adversarial loss. The reported <c>train_loss</c> is that mixed loss.
/// </summary>
public sealed class AdversarialTrainingHook(AdversarialTraining settings) : ITrainingHook
{
    private DataRange _range;

    public void OnTrainingStart(TrainingState state) => _range = DataRange.Of(state.Data.Train);

    public Tensor AdjustLoss(TrainingState state, Tensor input, Tensor target, Tensor logits, Tensor loss)
    {
        var adversarial = Attack.Perturb(state.Model, input, target, settings.Attack, _range);
        var adversarialLoss = nn.functional.cross_entropy(state.Model.forward(adversarial), target, label_smoothing: state.Settings.LabelSmoothing);
        using var cleanShare = (1 - settings.Weight).ToScalar();
        using var adversarialShare = settings.Weight.ToScalar();
        return loss.mul(cleanShare).add(adversarialLoss, adversarialShare);
    }
}
