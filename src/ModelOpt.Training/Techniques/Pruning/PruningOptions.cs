using ModelOpt.Search;

namespace ModelOpt.Training.Techniques.Pruning;

public enum PruningScope { Global, Layer }

public enum PruningScheduleKind { OneShot, Gradual }

/// <summary>
/// <c>workload.pruning</c>: how magnitude pruning runs (the target <c>sparsity</c> is a configuration key, so it can be
/// searched). <paramref name="Scope"/>: one magnitude threshold over all weight matrices, or the same fraction of
/// every one. <paramref name="Schedule"/>: prune once at the end of the last training epoch before fine-tuning, or
/// ramp the sparsity up over the epochs from <paramref name="StartEpoch"/> to that one (cubic, Zhu &amp; Gupta 2017).
/// The last <paramref name="FineTuneEpochs"/> epochs train the pruned model with its masks held fixed.
/// </summary>
public sealed record PruningOptions(PruningScope Scope, PruningScheduleKind Schedule, int FineTuneEpochs, int StartEpoch)
{
    public const string Key = "pruning";

    public static PruningOptions Read(AlgorithmOptions options)
    {
        var scope = options.String("scope", "global", "global", "layer") == "global" ? PruningScope.Global : PruningScope.Layer;
        var schedule = options.String("schedule", "oneshot", "oneshot", "gradual") == "oneshot" ? PruningScheduleKind.OneShot : PruningScheduleKind.Gradual;
        var fineTune = options.Int("fineTuneEpochs", 1, 0, 10_000);
        var start = options.Int("startEpoch", 0, 0, 10_000);
        if (schedule == PruningScheduleKind.OneShot && options.Has("startEpoch")) options.AddError("startEpoch", "only the gradual schedule has a start epoch");
        options.RejectUnknown();
        return new PruningOptions(scope, schedule, fineTune, start);
    }

    /// <summary>The zero-based epoch at whose end the target sparsity is reached, for a run of <paramref name="epochs"/> epochs.</summary>
    public int FinalPruningEpoch(int epochs) => epochs - FineTuneEpochs - 1;

    /// <summary>The sparsity to prune to at the end of <paramref name="epoch"/>, or null when no pruning happens then.</summary>
    public double? SparsityAt(int epoch, int epochs, double target)
    {
        var last = FinalPruningEpoch(epochs);
        if (epoch > last) return null;
        if (Schedule == PruningScheduleKind.OneShot) return epoch == last ? target : null;
        if (epoch < StartEpoch) return null;
        var progress = (epoch - StartEpoch + 1) / (double)(last - StartEpoch + 1);
        return target * (1 - Math.Pow(1 - progress, 3));
    }
}
