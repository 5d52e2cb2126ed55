using ModelOpt.Search;
using ModelOpt.Training.Data;
using ModelOpt.Training.Techniques.Adversarial;
using ModelOpt.Training.Techniques.MultiTask;
using ModelOpt.Training.Techniques;

namespace ModelOpt.Training.Workloads;

public enum EvaluationMode { Holdout, KFold }

/// <summary>
/// The options of a <c>torch</c> workload (spec path <c>workload.*</c>): the data set and its split, holdout or
/// k-fold evaluation, and device/thread overrides. The trial's configuration supplies the hyperparameters.
/// </summary>
/// <param name="Device">Overrides the worker slot's device when set.</param>
/// <param name="Threads">Overrides the worker slot's intra-op thread count when set.</param>
/// <param name="CheckpointMetric">The metric whose best value picks the "best" checkpoint.</param>
/// <param name="Techniques">Pruning, distillation and transfer (<c>workload.pruning</c>, ...); null for none.</param>
public sealed record TorchWorkloadOptions(
    DatasetOptions Dataset,
    EvaluationMode Evaluation,
    int Folds,
    string? Device,
    int? Threads,
    string CheckpointMetric,
    int EvaluationBatchSize,
    TechniqueOptions? Techniques = null)
{
    /// <summary>Multi-task heads (<c>workload.tasks</c>); null for a single task.</summary>
    public IReadOnlyList<TaskDefinition>? Tasks { get; init; }

    /// <summary>The attack robust accuracy is measured under (<c>workload.robustness</c>); null for none.</summary>
    public RobustnessOptions? Robustness { get; init; }

    /// <summary>Reads and validates every option, recording problems (with their paths) on <paramref name="options"/>.</summary>
    public static TorchWorkloadOptions Read(AlgorithmOptions options)
    {
        var dataset = DatasetCatalog.ReadOptions(options);
        var evaluation = options.String("evaluation", "holdout", "holdout", "kfold") == "kfold" ? EvaluationMode.KFold : EvaluationMode.Holdout;
        var folds = options.Int("folds", 5, 2, 100);
        var device = options.OptionalString("device");
        if (device is not null && !DeviceNames.IsValid(device)) options.AddError("device", $"must be 'cpu' or 'cuda:N', got '{device}'");
        int? threads = options.Has("threads") ? options.Int("threads", 1, 1, 1024) : null;
        var checkpointMetric = options.String("checkpointMetric", "val_accuracy");
        var evaluationBatchSize = options.Int("evalBatchSize", 1024, 1);
        var tasks = MultiTaskOptions.Read(options);
        var robustness = RobustnessOptions.Read(options);
        var techniques = TechniqueOptions.Read(options);
        options.RejectUnknown();
        return new TorchWorkloadOptions(dataset, evaluation, folds, device, threads, checkpointMetric, evaluationBatchSize, techniques)
        {
            Tasks = tasks,
            Robustness = robustness,
        };
    }
}
