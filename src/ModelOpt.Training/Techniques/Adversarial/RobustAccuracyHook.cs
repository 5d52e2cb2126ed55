using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Adversarial;

/// <summary>
/// After each epoch, attacks the validation rows (the first <see cref="RobustnessOptions.Samples"/>) with the
/// workload's fixed attack and reports <c>val_robust_accuracy</c> and <c>val_robust_loss</c> on the perturbed inputs.
/// </summary>
public sealed class RobustAccuracyHook(RobustnessOptions options, int batchSize) : ITrainingHook
{
    public const string Accuracy = "val_robust_accuracy";
    public const string Loss = "val_robust_loss";

    private DataRange _range;

    public void OnTrainingStart(TrainingState state) => _range = DataRange.Of(state.Data.Train);

    public void OnEpochEnd(TrainingState state, IDictionary<string, double> metrics)
    {
        var (accuracy, loss) = Evaluate(state.Model, state.Data.Validation, options.Attack, _range, batchSize, options.Samples, state.Device);
        metrics[Accuracy] = accuracy;
        metrics[Loss] = loss;
    }

    /// <summary>Accuracy and mean cross-entropy of <paramref name="model"/> on attacked inputs.</summary>
    public static (double Accuracy, double Loss) Evaluate(
        nn.Module<Tensor, Tensor> model, Data.TensorDataset data, AttackSettings attack, DataRange range, int batchSize, int? samples, Device device)
    {
        var count = Math.Min(data.Count, samples ?? int.MaxValue);
        long correct = 0;
        double lossSum = 0;
        model.eval();
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, count - start);
            var x = data.Features.narrow(0, start, length).to(device);
            var y = data.Labels.narrow(0, start, length).to(device);
            var adversarial = Attack.Perturb(model, x, y, attack, range);
            using var noGrad = no_grad();
            var logits = model.forward(adversarial);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        return count == 0 ? (0, 0) : ((double)correct / count, lossSum / count);
    }
}
