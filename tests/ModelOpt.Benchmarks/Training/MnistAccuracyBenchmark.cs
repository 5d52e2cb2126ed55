using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// Validation accuracy of a reference model trained by the torch workload on the shipped MNIST subset
/// (8,000 train / 2,000 validation), Adam, per epoch. Targets: CNN ≥ 0.97, MLP ≥ 0.94 within 10 epochs.
/// </summary>
public sealed class MnistAccuracyBenchmark : IBenchmark
{
    public string Name => "mnist-accuracy";
    public string Usage => "--model mlp|cnn [--epochs 10] [--batch 64] [--lr 0.001] [--threads 2]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var model = args.String("model", "cnn");
        var epochs = args.Int("epochs", 10);
        var spec = new WorkloadSpec(TorchWorkload.Kind, new Dictionary<string, object?>());
        var options = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, options, BenchmarkModels.FromConfig);
        options.ThrowIfInvalid();
        var config = new Config([
            KeyValuePair.Create("model", ParameterValue.String(model)),
            KeyValuePair.Create("optimizer", ParameterValue.String("adam")),
            KeyValuePair.Create("lr", ParameterValue.Float(args.Double("lr", 1e-3))),
            KeyValuePair.Create("batchSize", ParameterValue.Int(args.Int("batch", 64)))]);
        var reports = new List<EpochReport>();
        var context = new TrialContext("accuracy", model, config, epochs, 1, "cpu", args.Int("threads", 2));
        var result = await workload.RunAsync(context, reports.Add, CancellationToken.None);
        var accuracy = reports.Select(r => Math.Round(r.Metrics[MetricNames.ValAccuracy], 4)).ToArray();
        return new
        {
            benchmark = Name,
            model,
            epochs,
            val_accuracy_per_epoch = accuracy,
            best_val_accuracy = accuracy.Max(),
            final_val_f1 = Math.Round(reports[^1].Metrics[MetricNames.ValF1], 4),
            target = model == "cnn" ? 0.97 : 0.94,
            parameters = result.Metrics["parameters"],
            seconds = Math.Round(reports.Sum(r => r.Seconds), 1),
        };
    }
}
