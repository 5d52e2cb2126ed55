using ModelOpt.Search;
using ModelOpt.Training.Data;
using ModelOpt.Training.Preprocessing;

namespace ModelOpt.Benchmarks.Training;

/// <summary>The shipped MNIST subset split 8,000 / 2,000 and scaled to [0,1], as the torch workload prepares it.</summary>
public static class MnistBenchmarkData
{
    public static DataSplits Load()
    {
        var options = new AlgorithmOptions("workload");
        var dataset = DatasetCatalog.ReadOptions(options);
        if (options.Errors.Count > 0) throw new UsageException(options.Errors[0].ToString());
        var splits = DatasetCatalog.Holdout(DatasetCatalog.Load(dataset), dataset);
        using var scaler = FeatureScaler.Fit(splits.Train, Normalization.Unit);
        scaler.Apply(splits.Train);
        scaler.Apply(splits.Validation);
        return splits;
    }
}
