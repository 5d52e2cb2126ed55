using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Distillation;

/// <summary>
/// Hinton et al.'s knowledge-distillation loss: α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1−α)·CE. The
/// T² keeps the soft term's gradients on the scale of the hard one's as T grows.
/// </summary>
public static class DistillationLoss
{
    /// <param name="studentLogits">Carries gradients.</param>
    /// <param name="teacherLogits">Computed without gradients.</param>
    /// <param name="crossEntropy">The plain cross-entropy of the student on the true labels.</param>
    public static Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor crossEntropy, double temperature, double alpha)
    {
        var teacherLog = nn.functional.log_softmax(teacherLogits / temperature, 1);
        var studentLog = nn.functional.log_softmax(studentLogits / temperature, 1);
        var kl = (teacherLog.exp() * (teacherLog - studentLog)).sum(1).mean();
        return kl * (alpha * temperature * temperature) + crossEntropy * (1 - alpha);
    }
}
