using ModelOpt.Search.Spaces;
using ModelOpt.Training.Optimization;

namespace ModelOpt.Training.Trainer;

/// <summary>
/// How one training run goes. <paramref name="CheckpointMetric"/> picks the best checkpoint (maximised unless its
/// name ends in "loss"). With <paramref name="InitCheckpoint"/> and <paramref name="StartEpoch"/> &gt; 0 the run
/// resumes (weights and, for the same optimizer, its state); with StartEpoch 0 the checkpoint only initializes the
/// weights (PBT exploit, transfer).
/// </summary>
public sealed record TrainerOptions(
    TrainingSettings Settings,
    Config Config,
    string Device = "cpu",
    ulong Seed = 0,
    IReadOnlyList<ITrainingHook>? Hooks = null,
    string? CheckpointDir = null,
    string? InitCheckpoint = null,
    int StartEpoch = 0,
    string CheckpointMetric = "val_accuracy",
    string? ModelFamily = null,
    int EvaluationBatchSize = 1024)
{
    public bool CheckpointMetricIsLoss => CheckpointMetric.EndsWith("loss", StringComparison.Ordinal);
}
