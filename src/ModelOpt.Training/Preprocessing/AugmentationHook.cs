using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Preprocessing;

/// <summary>Augments training batches only (validation and test data never pass through <see cref="ITrainingHook.PrepareBatch"/>).</summary>
public sealed class AugmentationHook(Augmenter augmenter) : ITrainingHook
{
    public Tensor PrepareBatch(TrainingState state, Tensor input, Tensor target) => augmenter.Apply(input);
}
