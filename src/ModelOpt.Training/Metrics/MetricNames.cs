namespace ModelOpt.Training.Metrics;

/// <summary>The metric names the torch workload reports; specs name them as objectives.</summary>
public static class MetricNames
{
    public const string TrainLoss = "train_loss";
    public const string ValLoss = "val_loss";
    public const string ValAccuracy = "val_accuracy";
    public const string ValPrecision = "val_precision";
    public const string ValRecall = "val_recall";
    public const string ValF1 = "val_f1";
    public const string EpochSeconds = "epoch_seconds";
    public const string SamplesPerSecond = "samples_per_s";
    public const string LearningRate = "lr";

    /// <summary>The most GPU memory the trial's process held while it ran, MiB (trials in their own process on a GPU only).</summary>
    public const string GpuMemoryMib = "gpu_memory_mib";

    /// <summary>Loss, accuracy, macro precision/recall/F1 under a prefix (<c>val</c>, <c>test</c>, <c>fold0_val</c>).</summary>
    public static void AddClassification(IDictionary<string, double> metrics, string prefix, double loss, ConfusionMatrix matrix)
    {
        metrics[$"{prefix}_loss"] = loss;
        metrics[$"{prefix}_accuracy"] = matrix.Accuracy;
        metrics[$"{prefix}_precision"] = matrix.MacroPrecision;
        metrics[$"{prefix}_recall"] = matrix.MacroRecall;
        metrics[$"{prefix}_f1"] = matrix.MacroF1;
    }
}
