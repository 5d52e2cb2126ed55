namespace ModelOpt.Training.Checkpoints;

/// <summary>
/// The description saved beside a checkpoint's weights (<c>checkpoint.json</c>): the epochs completed, the metric it
/// was kept for, the trial's configuration and the optimizer whose state is saved with it.
/// </summary>
public sealed record CheckpointInfo(
    int Epoch,
    string Metric,
    double MetricValue,
    string Optimizer,
    IReadOnlyDictionary<string, object> Config,
    string? ModelFamily = null);
