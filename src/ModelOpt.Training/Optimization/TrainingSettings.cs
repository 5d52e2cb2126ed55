using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.MixedPrecision;
using ModelOpt.Training.Preprocessing;

namespace ModelOpt.Training.Optimization;

/// <summary>
/// The training hyperparameters of one trial, read from its configuration with defaults for keys the search space
/// does not set (docs/training.md lists them). A bad value is a <see cref="FailureKind.BadConfig"/> failure.
/// </summary>
public sealed record TrainingSettings(
    int Epochs,
    int BatchSize,
    OptimizerSettings Optimizer,
    ScheduleKind Schedule,
    int StepSize,
    double Gamma,
    double WarmupEpochs,
    Normalization? Normalization,
    AugmentationSettings Augmentation)
{
    public static TrainingSettings FromConfig(Config config, int maxEpochs)
    {
        var optimizerName = Text(config, "optimizer", "adam");
        if (!OptimizerSettings.Names.TryGetValue(optimizerName, out var optimizer))
            throw ConfigValues.Bad("optimizer", optimizerName, $"one of {string.Join(", ", OptimizerSettings.Names.Keys)}");
        var scheduleName = Text(config, "lrSchedule", "constant");
        if (!LearningRateSchedule.Names.TryGetValue(scheduleName, out var schedule))
            throw ConfigValues.Bad("lrSchedule", scheduleName, $"one of {string.Join(", ", LearningRateSchedule.Names.Keys)}");
        var normalizationName = config.TryGetValue("normalization", out var n) ? n.AsString() : null;
        Normalization? normalization = normalizationName switch
        {
            null => null,
            "none" => Preprocessing.Normalization.None,
            "unit" => Preprocessing.Normalization.Unit,
            "standardize" => Preprocessing.Normalization.Standardize,
            _ => throw ConfigValues.Bad("normalization", normalizationName, "one of none, unit, standardize"),
        };

        var precisionName = Text(config, NumericPrecisions.ConfigKey, "fp32");
        if (!NumericPrecisions.Names.TryGetValue(precisionName, out var precision))
            throw ConfigValues.Bad(NumericPrecisions.ConfigKey, precisionName, $"one of {string.Join(", ", NumericPrecisions.Names.Keys)}");

        var epochs = (int)ConfigValues.Number(config, "epochs", maxEpochs, 1, int.MaxValue);
        var defaultRate = optimizer is OptimizerKind.Sgd or OptimizerKind.Momentum or OptimizerKind.Nesterov or OptimizerKind.Adagrad ? 0.01 : 0.001;
        return new TrainingSettings(
            Math.Min(epochs, maxEpochs),
            (int)ConfigValues.Number(config, "batchSize", 64, 1, 1 << 20),
            new OptimizerSettings(
                optimizer,
                ConfigValues.Number(config, "lr", defaultRate, double.Epsilon, double.MaxValue),
                ConfigValues.Number(config, "momentum", 0.9, 0, 1),
                ConfigValues.Number(config, "weightDecay", 0, 0, double.MaxValue),
                ConfigValues.Number(config, "gradClip", 0, 0, double.MaxValue)),
            schedule,
            (int)ConfigValues.Number(config, "stepSize", Math.Max(1, epochs / 3), 1, int.MaxValue),
            ConfigValues.Number(config, "gamma", schedule == ScheduleKind.Exponential ? 0.9 : 0.1, double.Epsilon, 1),
            ConfigValues.Number(config, "warmupEpochs", 0, 0, epochs),
            normalization,
            new AugmentationSettings(
                ConfigValues.Number(config, "augmentShift", 0, 0, 64),
                ConfigValues.Number(config, "augmentRotation", 0, 0, 180),
                ConfigValues.Number(config, "augmentNoise", 0, 0, double.MaxValue)))
        {
            LabelSmoothing = ConfigValues.Number(config, "labelSmoothing", 0, 0, 0.999),
            Precision = precision,
        };
    }

    /// <summary>Label smoothing of the training cross-entropy: the target puts 1 − ε on the class and ε spread over all.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>fp32, or mixed precision (bf16/fp16 autocast); see <see cref="NumericPrecision"/>.</summary>
    public NumericPrecision Precision { get; init; }

    public LearningRateSchedule ScheduleFor(int stepsPerEpoch) =>
        new(Schedule, Optimizer.LearningRate, Epochs, stepsPerEpoch, StepSize, Gamma, WarmupEpochs);

    private static string Text(Config config, string key, string fallback) =>
        config.TryGetValue(key, out var v) ? v.AsString() : fallback;
}
