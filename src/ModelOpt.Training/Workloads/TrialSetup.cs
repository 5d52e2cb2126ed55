using ModelOpt.Search.Workloads;
using ModelOpt.Training.Data;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Preprocessing;
using ModelOpt.Training.Techniques;
using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Workloads;

/// <summary>
/// What every model of a trial needs: scaled splits, a seeded model, the trainer options and hooks. Shared by
/// holdout (one model) and k-fold (one per fold). Owns the trial's techniques: pruning, distillation and transfer (<see cref="TrialTechniques"/>), multi-task heads and adversarial training (<see cref="TaskAndAttackTechniques"/>).
/// </summary>
internal sealed class TrialSetup(TrialContext context, TorchWorkloadOptions options, TrainingSettings settings, ModelBuilder buildModel) : IDisposable
{
    // torch.manual_seed is process-wide; building models under one lock keeps initial weights reproducible when a
    // worker runs several trials in one process.
    private static readonly Lock SeedLock = new();

    private readonly TaskAndAttackTechniques _taskAndAttack = TaskAndAttackTechniques.Read(context.Config, options.Tasks, options.Robustness);

    public string Device { get; } = options.Device ?? context.Device;

    public TrialTechniques Techniques { get; } = new(options.Techniques ?? TechniqueOptions.None, context.Config, context.CheckpointDir, options.EvaluationBatchSize);

    // The parameters a transfer froze and the data's shape, for the hooks of the model built last.
    private IReadOnlyList<string> _frozen = [];
    private (long[] Shape, int Classes) _data;

    /// <summary>Scales the splits in place with statistics fitted on the training split.</summary>
    public void Scale(DataSplits splits)
    {
        var normalization = settings.Normalization ?? (options.Dataset.IsImage ? Normalization.Unit : Normalization.Standardize);
        using var scaler = FeatureScaler.Fit(splits.Train, normalization);
        scaler.Apply(splits.Train);
        scaler.Apply(splits.Validation);
        if (splits.Test is { } test) scaler.Apply(test);
    }

    public nn.Module<Tensor, Tensor> BuildModel(long[] sampleShape, int numClasses)
    {
        lock (SeedLock)
        {
            manual_seed((long)(context.Seed & long.MaxValue));
            _data = (sampleShape, numClasses);
            try
            {
                return _taskAndAttack.Wrap(Initialized(buildModel(Techniques.ModelConfig, sampleShape, _taskAndAttack.Outputs(numClasses))), numClasses);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new TrialFailedException(FailureKind.BadConfig, $"cannot build the model: {e.Message}", e);
            }
        }
    }

    public TrainerOptions TrainerOptions(IReadOnlyList<ITrainingHook> hooks, string? checkpointDir, string? initCheckpoint) =>
        new(settings, Techniques.ModelConfig, Device, context.Seed, hooks, checkpointDir, initCheckpoint, context.StartEpoch,
            options.CheckpointMetric, Techniques.ModelConfig.GetString("family", Techniques.ModelConfig.GetString("model", "")) is { Length: > 0 } family ? family : null,
            options.EvaluationBatchSize);

    /// <summary>The hooks of one model; the caller disposes the returned augmenter.</summary>
    public (IReadOnlyList<ITrainingHook> Hooks, Augmenter Augmenter) Hooks(int index)
    {
        var augmenter = new Augmenter(settings.Augmentation, context.Seed + 1 + (ulong)index);
        return ([new AugmentationHook(augmenter), .. _taskAndAttack.Hooks(options.EvaluationBatchSize), .. Techniques.Hooks(_frozen, BuildTeacher)], augmenter);
    }

    private nn.Module<Tensor, Tensor> BuildTeacher(Search.Spaces.Config config)
    {
        lock (SeedLock) return buildModel(config, _data.Shape, _data.Classes);
    }

    private nn.Module<Tensor, Tensor> Initialized(nn.Module<Tensor, Tensor> model)
    {
        try
        {
            _frozen = Techniques.Initialize(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose() => Techniques.Dispose();
}
