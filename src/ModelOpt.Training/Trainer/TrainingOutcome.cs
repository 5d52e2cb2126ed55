using ModelOpt.Training.Metrics;

namespace ModelOpt.Training.Trainer;

/// <summary>
/// The end of a training run: the last epoch's metrics plus <c>test_*</c> metrics when there is a test split, the
/// confusion matrix of the final model on the test split (validation split without one), and the checkpoints written.
/// </summary>
public sealed record TrainingOutcome(
    IReadOnlyDictionary<string, double> Metrics,
    ConfusionMatrix ConfusionMatrix,
    string ConfusionMatrixSplit,
    int EpochsCompleted,
    string? BestCheckpoint,
    string? LastCheckpoint);
