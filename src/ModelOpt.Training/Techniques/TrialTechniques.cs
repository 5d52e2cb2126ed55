using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Techniques.Distillation;
using ModelOpt.Training.Techniques.Pruning;
using ModelOpt.Training.Techniques.Transfer;
using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// The techniques of one trial, ready to plug into its models: the configuration the model is built from (a
/// transfer's source architecture), the initialisation after building (transfer weights, frozen layers), the
/// hooks of each model (pruning, distillation, frozen norms) and what is left at the end (a sparse export). The
/// searchable settings are read from the trial's configuration when this is made, so a bad value fails the trial
/// before any training. Owns the teacher and the hooks' tensors until disposed.
/// </summary>
internal sealed class TrialTechniques : IDisposable
{
    public const string PrunedModelArtifact = "pruned_model";
    public const string DenseBytesMetric = "model_bytes";
    public const string SparseBytesMetric = "pruned_model_bytes";

    private readonly TechniqueOptions _options;
    private readonly string? _checkpointDir;
    private readonly int _evaluationBatchSize;
    private readonly double _sparsity;
    private readonly DistillationSettings? _distillation;
    private readonly TransferSettings? _transfer;
    private readonly string? _transferSource;
    private readonly List<IDisposable> _owned = [];
    private nn.Module<Tensor, Tensor>? _teacher;

    public TrialTechniques(TechniqueOptions options, Config trialConfig, string? checkpointDir, int evaluationBatchSize)
    {
        _options = options;
        _checkpointDir = checkpointDir;
        _evaluationBatchSize = evaluationBatchSize;
        if (options.Pruning is not null) _sparsity = ConfigValues.Number(trialConfig, "sparsity", null, 0, 1, true, "pruning");
        if (options.Distillation is not null) _distillation = DistillationSettings.FromConfig(trialConfig);
        if (options.Transfer is { } transfer)
        {
            _transfer = TransferSettings.FromConfig(trialConfig);
            _transferSource = Resolve(transfer.From);
        }
        ModelConfig = _transferSource is null ? trialConfig : TransferInitializer.ModelConfig(_transferSource, trialConfig);
    }

    /// <summary>The configuration models are built from (and saved with in checkpoints).</summary>
    public Config ModelConfig { get; }

    /// <summary>Right after a model is built, before its optimizer exists.</summary>
    public IReadOnlyList<string> Initialize(nn.Module<Tensor, Tensor> model) =>
        _transferSource is null ? [] : TransferInitializer.Apply(model, _transferSource, _options.Transfer!.NewHead, _transfer!.FreezeLayers);

    /// <summary>The hooks of one model; <paramref name="buildTeacher"/> makes the teacher's model from its saved configuration.</summary>
    public IReadOnlyList<ITrainingHook> Hooks(IReadOnlyList<string> frozen, Func<Config, nn.Module<Tensor, Tensor>> buildTeacher)
    {
        var hooks = new List<ITrainingHook>();
        if (frozen.Count > 0) hooks.Add(new FrozenNormHook(frozen));
        if (_options.Distillation is { } distillation)
            hooks.Add(new DistillationHook(_teacher ??= LoadTeacher(distillation, buildTeacher), _distillation!, _evaluationBatchSize));
        if (_options.Pruning is { } pruning)
        {
            var hook = new PruningHook(pruning, _sparsity, _evaluationBatchSize);
            _owned.Add(hook);
            hooks.Add(hook);
        }
        return hooks;
    }

    /// <summary>After training (holdout): exports a pruned model in the sparse format beside the checkpoints.</summary>
    public void Finish(nn.Module model, IDictionary<string, double> metrics, IDictionary<string, string> artifacts)
    {
        if (_options.Pruning is null || _checkpointDir is null) return;
        var file = Path.Combine(_checkpointDir, SparseModelFile.FileName);
        SparseModelFile.Save(model, file);
        artifacts[PrunedModelArtifact] = file;
        metrics[SparseBytesMetric] = new FileInfo(file).Length;
        var dense = Path.Combine(_checkpointDir, CheckpointStore.Last, "model.bin");
        if (File.Exists(dense)) metrics[DenseBytesMetric] = new FileInfo(dense).Length;
    }

    private nn.Module<Tensor, Tensor> LoadTeacher(DistillationOptions options, Func<Config, nn.Module<Tensor, Tensor>> build)
    {
        var checkpoint = Resolve(options.Teacher);
        var teacher = build(CheckpointStore.ConfigFromInfo(CheckpointStore.ReadInfo(checkpoint)));
        _owned.Add(teacher);
        try
        {
            CheckpointStore.LoadWeights(checkpoint, teacher);
        }
        catch (Exception e)
        {
            throw new TrialFailedException(FailureKind.BadConfig, $"workload.distillation.teacher: cannot load '{checkpoint}' into the model its configuration builds: {e.Message}", e);
        }
        return teacher;
    }

    private string Resolve(CheckpointReference reference)
    {
        try
        {
            return reference.Resolve(_checkpointDir);
        }
        catch (FileNotFoundException e)
        {
            throw new TrialFailedException(FailureKind.BadConfig, e.Message, e);
        }
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        _owned.Clear();
    }
}
