using ModelOpt.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Distillation;

/// <summary>
/// Replaces the loss with the distillation loss against a frozen teacher that sees the same (augmented) batch. The
/// teacher runs in eval mode under no_grad and its parameters do not require gradients, so only the student learns.
/// Reports <c>teacher_val_accuracy</c> (measured once, at the start) every epoch for comparison.
/// </summary>
public sealed class DistillationHook(nn.Module<Tensor, Tensor> teacher, DistillationSettings settings, int evaluationBatchSize) : ITrainingHook
{
    public const string TeacherAccuracyMetric = "teacher_val_accuracy";
    private double _teacherAccuracy;

    public void OnTrainingStart(TrainingState state)
    {
        teacher.to(state.Device);
        teacher.eval();
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        _teacherAccuracy = Evaluator.Evaluate(teacher, state.Data.Validation, state.Device, evaluationBatchSize, CancellationToken.None).Matrix.Accuracy;
    }

    public Tensor AdjustLoss(TrainingState state, Tensor input, Tensor target, Tensor logits, Tensor loss)
    {
        Tensor teacherLogits;
        using (no_grad()) teacherLogits = teacher.forward(input);
        return DistillationLoss.Compute(logits, teacherLogits, loss, settings.Temperature, settings.Alpha);
    }

    public void OnEpochEnd(TrainingState state, IDictionary<string, double> metrics) => metrics[TeacherAccuracyMetric] = _teacherAccuracy;
}
