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
/// holdout (one model) and k-fold (one per fold).
/// </summary>
internal sealed class TrialSetup(TrialContext context, TorchWorkloadOptions options, TrainingSettings settings, ModelBuilder buildModel)
{
    // torch.manual_seed is process-wide; building models under one lock keeps initial weights reproducible when a
    // worker runs several trials in one process.
    private static readonly Lock SeedLock = new();

    private readonly TrialTechniques _techniques = TrialTechniques.Read(context.Config, options.Tasks, options.Robustness);

    public string Device { get; } = options.Device ?? context.Device;

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
            try
            {
                return _techniques.Wrap(buildModel(context.Config, sampleShape, _techniques.Outputs(numClasses)), numClasses);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new TrialFailedException(FailureKind.BadConfig, $"cannot build the model: {e.Message}", e);
            }
        }
    }

    public TrainerOptions TrainerOptions(IReadOnlyList<ITrainingHook> hooks, string? checkpointDir, string? initCheckpoint) =>
        new(settings, context.Config, Device, context.Seed, hooks, checkpointDir, initCheckpoint, context.StartEpoch,
            options.CheckpointMetric, context.Config.GetString("family", context.Config.GetString("model", "")) is { Length: > 0 } family ? family : null,
            options.EvaluationBatchSize);

    /// <summary>The hooks of one model; the caller disposes the returned augmenter.</summary>
    public (IReadOnlyList<ITrainingHook> Hooks, Augmenter Augmenter) Hooks(int index)
    {
        var augmenter = new Augmenter(settings.Augmentation, context.Seed + 1 + (ulong)index);
        return ([new AugmentationHook(augmenter), .. _techniques.Hooks(options.EvaluationBatchSize)], augmenter);
    }
}
