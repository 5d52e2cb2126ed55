using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>
/// A technique that plugs into the one training loop instead of bringing its own: augmentation and adversarial
/// examples change the batch, distillation changes the loss, pruning re-applies masks after the step, and any of
/// them may add metrics at the end of an epoch. Every method has a do-nothing default, so a hook overrides only
/// what it needs. Tensors a hook creates inside a step belong to that step's dispose scope.
/// </summary>
public interface ITrainingHook
{
    /// <summary>Once, after the model and optimizer are ready and before the first step.</summary>
    void OnTrainingStart(TrainingState state) { }

    /// <summary>The training batch the model will see (on the training device).</summary>
    Tensor PrepareBatch(TrainingState state, Tensor input, Tensor target) => input;

    /// <summary>The loss to minimise, given the plain cross-entropy <paramref name="loss"/> of this batch.</summary>
    Tensor AdjustLoss(TrainingState state, Tensor input, Tensor target, Tensor logits, Tensor loss) => loss;

    /// <summary>After the optimizer step (e.g. re-apply pruning masks).</summary>
    void AfterStep(TrainingState state) { }

    /// <summary>After validation, before the report: add metrics (e.g. robust accuracy).</summary>
    void OnEpochEnd(TrainingState state, IDictionary<string, double> metrics) { }
}
