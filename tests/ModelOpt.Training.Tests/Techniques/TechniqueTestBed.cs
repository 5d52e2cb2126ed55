using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

/// <summary>Torch-workload trials on small synthetic blobs (8 features, 5 classes) with the real model factory, writing checkpoints under one root.</summary>
internal sealed class TechniqueTestBed
{
    public string Root { get; } = TestData.TempDirectory();

    public static TorchWorkload Workload(params (string Key, object? Value)[] options)
    {
        var all = new Dictionary<string, object?> { ["dataset"] = "synthetic", ["samples"] = 500L, ["classes"] = 5L, ["features"] = 8L };
        foreach (var (key, value) in options) all[key] = value;
        var spec = new WorkloadSpec(TorchWorkload.Kind, all);
        var reader = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, reader, ModelFactory.Build);
        reader.ThrowIfInvalid();
        return workload;
    }

    public string TrialDir(string trial) => Path.Combine(Root, "s", trial);

    public async Task<(TrialResult Result, List<EpochReport> Reports)> Run(TorchWorkload workload, string trial, int epochs, params (string, object)[] config)
    {
        var reports = new List<EpochReport>();
        var values = new Dictionary<string, object> { ["lr"] = 0.01, ["batchSize"] = 32L, ["units"] = 16L };
        foreach (var (key, value) in config) values[key] = value;
        var context = new TrialContext("s", trial, TestData.Config([.. values.Select(kv => (kv.Key, kv.Value))]), epochs, 5, "cpu", 1, TrialDir(trial));
        var result = await workload.RunAsync(context, reports.Add, CancellationToken.None);
        return (result, reports);
    }

    /// <summary>The weights of a checkpoint, by parameter name, as plain arrays.</summary>
    public static Dictionary<string, float[]> Weights(string checkpoint, long[] shape, int classes)
    {
        using var model = ModelFactory.Build(CheckpointStore.ConfigFromInfo(CheckpointStore.ReadInfo(checkpoint)), shape, classes);
        CheckpointStore.LoadWeights(checkpoint, model);
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().data<float>().ToArray());
    }

    public static nn.Module<Tensor, Tensor> Load(string checkpoint, long[] shape, int classes)
    {
        var model = ModelFactory.Build(CheckpointStore.ConfigFromInfo(CheckpointStore.ReadInfo(checkpoint)), shape, classes);
        CheckpointStore.LoadWeights(checkpoint, model);
        return model;
    }
}
