using ModelOpt.Search.Spaces;
using ModelOpt.Training.Data;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests;

/// <summary>Tiny data sets, models and settings that keep training tests to a fraction of a second.</summary>
internal static class TestData
{
    public static DataSplits BlobSplits(int count = 300, int features = 4, int classes = 3, ulong seed = 1)
    {
        var data = SyntheticDatasets.Blobs(count, features, classes, seed);
        var split = DataSplitter.Split(data.Labels, new SplitSizes(0.7, 0.3, 0), seed);
        return DatasetCatalog.ToSplits(data, split.Train, split.Validation, split.Test);
    }

    public static nn.Module<Tensor, Tensor> Mlp(long features, int classes, long seed = 1)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Flatten(), nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, classes));
    }

    public static Config Config(params (string Key, object Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, ParameterValue.FromObject(v.Value))));

    public static TrainerOptions Options(Config config, int maxEpochs = 2, IReadOnlyList<ITrainingHook>? hooks = null, string? checkpointDir = null, string? init = null, int startEpoch = 0) =>
        new(TrainingSettings.FromConfig(config, maxEpochs), config, "cpu", 7, hooks, checkpointDir, init, startEpoch);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mopt-training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
