using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Data;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Techniques;
using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Workloads;

/// <summary>
/// The <c>torch</c> workload: trains the model a trial's configuration describes on the workload's data set with
/// TorchSharp, reporting after every epoch (docs/training.md). The data set is loaded once per workload and kept in
/// managed memory; each trial cuts its own tensors from it and disposes them when it ends.
/// </summary>
public sealed class TorchWorkload : ISpecCheckingWorkload
{
    public const string Kind = "torch";
    private readonly TorchWorkloadOptions _options;
    private readonly ModelBuilder _buildModel;
    private readonly Lazy<RawDataset> _data;

    public TorchWorkload(TorchWorkloadOptions options, ModelBuilder buildModel)
    {
        _options = options;
        _buildModel = buildModel;
        _data = new Lazy<RawDataset>(() => DatasetCatalog.Load(options.Dataset), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The registry factory: reads (and validates) the options at <c>workload.*</c>.</summary>
    public static TorchWorkload Create(WorkloadSpec spec, AlgorithmOptions options, ModelBuilder buildModel) =>
        new(TorchWorkloadOptions.Read(options), buildModel);

    /// <summary>Objective metrics the workload can report and technique keys against the space (<see cref="TorchSpecCheck"/>, <see cref="TechniqueSpecCheck"/>).</summary>
    public IEnumerable<SpecError> CheckSpec(SearchSpace space, Objective objective) =>
        TorchSpecCheck.Check(_options, space, objective).Concat(TechniqueSpecCheck.Check(space, _options.Techniques ?? TechniqueOptions.None));

    public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(context, report, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private TrialResult Run(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        try
        {
            var settings = TrainingSettings.FromConfig(context.Config, context.MaxEpochs);
            using var setup = new TrialSetup(context, _options, settings, _buildModel);
            DeviceNames.EnsureAvailable(setup.Device);
            // Intra-op threads are a process-wide libtorch setting: the last trial to start in a process sets it.
            set_num_threads(_options.Threads ?? context.Threads);
            var data = LoadData();
            return _options.Evaluation == EvaluationMode.KFold
                ? new CrossValidation(setup, data, _options, context).Run(report, cancellationToken)
                : RunHoldout(setup, data, context, report, cancellationToken);
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            throw new TrialFailedException(FailureKind.OutOfMemory, $"out of memory: {NativeErrors.Trim(e.Message)}", e);
        }
    }

    private TrialResult RunHoldout(TrialSetup setup, RawDataset data, TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        using var splits = DatasetCatalog.Holdout(data, _options.Dataset);
        setup.Scale(splits);
        using var model = setup.BuildModel(data.SampleShape, data.NumClasses);
        var (hooks, augmenter) = setup.Hooks(0);
        using var _ = augmenter;
        var trainer = new ModelTrainer(setup.TrainerOptions(hooks, context.CheckpointDir, context.InitCheckpoint));
        var outcome = trainer.Fit(model, splits, report, cancellationToken);
        var metrics = new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal) { ["parameters"] = ParameterCount(model) };
        var artifacts = Artifacts(outcome.ConfusionMatrix.ToCsv(data.ClassNames), outcome.ConfusionMatrixSplit, context.CheckpointDir, outcome.BestCheckpoint, outcome.LastCheckpoint);
        setup.Techniques.Finish(model, metrics, artifacts);
        return new TrialResult(metrics, artifacts);
    }

    internal static Dictionary<string, string> Artifacts(string confusionCsv, string split, string? checkpointDir, string? best, string? last)
    {
        var artifacts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["confusion_matrix"] = confusionCsv,
            ["confusion_matrix_split"] = split,
        };
        if (checkpointDir is not null)
        {
            var file = Path.Combine(checkpointDir, "confusion_matrix.csv");
            File.WriteAllText(file, confusionCsv);
            artifacts["confusion_matrix_file"] = file;
        }
        if (best is not null) artifacts["best_checkpoint"] = best;
        if (last is not null) artifacts["last_checkpoint"] = last;
        return artifacts;
    }

    internal static double ParameterCount(nn.Module model) => Models.ModelFactory.ParameterCount(model);

    private RawDataset LoadData()
    {
        try
        {
            return _data.Value;
        }
        catch (DatasetFormatException e)
        {
            throw new TrialFailedException(FailureKind.BadConfig, e.Message, e);
        }
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException ||
        (e is not TrialFailedException && e is not OperationCanceledException &&
         (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) ||
          e.Message.Contains("can't allocate memory", StringComparison.OrdinalIgnoreCase) ||
          e.Message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase)));
}
