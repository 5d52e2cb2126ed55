using ModelOpt.Benchmarks.Training;
using ModelOpt.Search.Spaces;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Models;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Benchmarks.Gpu;

/// <summary>
/// What mixed precision (<c>precision: bf16|fp16</c>) does to speed and accuracy: each model trained for the same
/// epochs in each precision on the MNIST subset, with the product's trainer. <c>wide</c> is a matrix-bound MLP
/// (784 → 4096 → 4096 → 4096 → 10, batch 1024) where the GPU's bf16 units can show; <c>cnn</c> and <c>mlp</c> are the
/// reference models at batch 128, small enough that launches, not arithmetic, set the pace. Samples/s is the best
/// epoch's training throughput after the first (warm-up); accuracy is the last epoch's validation accuracy.
/// </summary>
public sealed class MixedPrecisionBenchmark : IBenchmark
{
    public string Name => "mixed-precision";
    public string Usage => "[--device cuda:0] [--models wide,cnn,mlp] [--precisions fp32,bf16,fp16] [--epochs 4]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var device = args.String("device", "cuda:0");
        var models = args.String("models", "wide,cnn,mlp").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var precisions = args.String("precisions", "fp32,bf16,fp16").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var epochs = args.Int("epochs", 4);
        if (epochs < 2) throw new UsageException("--epochs must be at least 2 (the first is warm-up)");
        set_num_threads(2);
        using var data = MnistBenchmarkData.Load();
        var runs = new List<object>();
        foreach (var model in models)
        {
            var (config, batch) = Model(model);
            double? fp32Rate = null, fp32Accuracy = null;
            foreach (var precision in precisions)
            {
                var (rate, accuracy, error) = Train(config.With("precision", ParameterValue.String(precision)), batch, epochs, device, data);
                if (precision == "fp32") (fp32Rate, fp32Accuracy) = (rate, accuracy);
                runs.Add(new
                {
                    model, precision, batch,
                    samples_per_s = rate is { } r ? Math.Round(r, 0) : (double?)null,
                    speedup_vs_fp32 = rate is { } s && fp32Rate is { } f ? Math.Round(s / f, 2) : (double?)null,
                    val_accuracy = accuracy is { } a ? Math.Round(a, 4) : (double?)null,
                    accuracy_change_vs_fp32 = accuracy is { } b && fp32Accuracy is { } c ? Math.Round(b - c, 4) : (double?)null,
                    error,
                });
            }
        }
        return Task.FromResult<object>(new { benchmark = Name, device, epochs, train_samples = data.Train.Count, runs });
    }

    private static (Config Config, int Batch) Model(string name) => name switch
    {
        "wide" => (new Config([
            KeyValuePair.Create("family", ParameterValue.String("mlp")),
            KeyValuePair.Create("depth", ParameterValue.Int(3)),
            KeyValuePair.Create("units", ParameterValue.Int(4096))]), 1024),
        "cnn" => (ReferenceModels.CnnConfig, 128),
        "mlp" => (ReferenceModels.MlpConfig, 128),
        _ => throw new UsageException($"--models: unknown model '{name}'; use wide, cnn, mlp"),
    };

    private static (double? SamplesPerSecond, double? Accuracy, string? Error) Train(Config modelConfig, int batch, int epochs, string device, ModelOpt.Training.Data.DataSplits data)
    {
        var config = modelConfig
            .With("optimizer", ParameterValue.String("adam"))
            .With("lr", ParameterValue.Float(1e-3))
            .With("batchSize", ParameterValue.Int(batch));
        manual_seed(1);
        using var model = ModelFactory.Build(config, data.Train.SampleShape, data.Train.NumClasses);
        var rates = new List<double>();
        double accuracy = 0;
        try
        {
            new ModelTrainer(new TrainerOptions(TrainingSettings.FromConfig(config, epochs), config, device, 1)).Fit(model, data, report =>
            {
                rates.Add(report.Metrics[MetricNames.SamplesPerSecond]);
                accuracy = report.Metrics[MetricNames.ValAccuracy];
            }, CancellationToken.None);
        }
        catch (ModelOpt.Search.Workloads.TrialFailedException e)
        {
            return (null, null, e.Message);
        }
        return (rates.Skip(1).Max(), accuracy, null);
    }
}
