using System.Diagnostics;
using ModelOpt.Search.Spaces;
using ModelOpt.Training.Data;
using ModelOpt.Training.Optimization;
using ModelOpt.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// The host's cost of one training step, with a model so small (32 → 64 → 10, batch 32) that the arithmetic is a
/// rounding error: what is left is the per-step work of the loop itself, the part that decides how many trials one
/// GPU can keep busy. Compares the product's trainer with a bare loop over contiguous views and with the same bare loop
/// plus the per-step work the trainer used to do (an index_select gather of each batch's rows and labels and a
/// three-operation loss sum). Reports process CPU microseconds per step (steadier than wall time on a shared machine)
/// and wall microseconds, the median over <c>--repeat</c> alternating runs.
/// </summary>
public sealed class StepOverheadBenchmark : IBenchmark
{
    public string Name => "step-overhead";
    public string Usage => "[--epochs 5] [--repeat 5]";

    private const int Samples = 4096, Features = 32, Classes = 10, Batch = 32;

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var epochs = args.Int("epochs", 5);
        var repeat = args.Int("repeat", 5);
        set_num_threads(1);
        var data = SyntheticDatasets.Blobs(Samples + 512, Features, Classes, 3);
        var split = DataSplitter.Split(data.Labels, new SplitSizes(Samples / (double)(Samples + 512), 512 / (double)(Samples + 512), 0), 3);
        using var splits = DatasetCatalog.ToSplits(data, split.Train, split.Validation, split.Test);
        var steps = (splits.Train.Count + Batch - 1) / Batch * epochs;
        var config = new Config([
            KeyValuePair.Create("optimizer", ParameterValue.String("adam")),
            KeyValuePair.Create("batchSize", ParameterValue.Int(Batch))]);
        var variants = new Dictionary<string, Action>
        {
            ["bare"] = () => Bare(splits.Train, epochs, gatherEachStep: false),
            ["bare_with_old_per_step_work"] = () => Bare(splits.Train, epochs, gatherEachStep: true),
            ["product"] = () =>
            {
                using var model = Model();
                new ModelTrainer(new TrainerOptions(TrainingSettings.FromConfig(config, epochs), config)).Fit(model, splits, _ => { }, CancellationToken.None);
            },
        };
        foreach (var run in variants.Values) run();
        var cpu = variants.Keys.ToDictionary(k => k, _ => new List<double>());
        var wall = variants.Keys.ToDictionary(k => k, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeat; r++)
            foreach (var (name, run) in variants)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                run();
                process.Refresh();
                cpu[name].Add((process.TotalProcessorTime - cpuBefore).TotalMicroseconds / steps);
                wall[name].Add(clock.Elapsed.TotalMicroseconds / steps);
            }
        double Median(List<double> values) => Math.Round(values.Order().ElementAt(values.Count / 2), 1);
        return Task.FromResult<object>(new
        {
            benchmark = Name,
            steps_per_run = steps,
            batch = Batch,
            cpu_us_per_step = cpu.ToDictionary(kv => kv.Key, kv => Median(kv.Value)),
            wall_us_per_step = wall.ToDictionary(kv => kv.Key, kv => Median(kv.Value)),
            note = "product includes one validation pass (512 rows) and the report per epoch",
        });
    }

    private static nn.Module<Tensor, Tensor> Model()
    {
        manual_seed(1);
        return nn.Sequential(nn.Linear(Features, 64), nn.ReLU(), nn.Linear(64, Classes));
    }

    private static void Bare(TensorDataset train, int epochs, bool gatherEachStep)
    {
        using var model = Model();
        using var optimizer = optim.Adam(model.parameters());
        using var generator = new Generator(1);
        using var lossSum = zeros(1, ScalarType.Float64);
        model.train();
        for (var e = 0; e < epochs; e++)
        {
            using var order = randperm(train.Count, generator: generator);
            for (long start = 0; start < train.Count; start += Batch)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(Batch, train.Count - start);
                Tensor x, y;
                if (gatherEachStep)
                {
                    var indices = order.narrow(0, start, length);
                    x = train.Features.index_select(0, indices);
                    y = train.Labels.index_select(0, indices);
                }
                else
                {
                    x = train.Features.narrow(0, start, length);
                    y = train.Labels.narrow(0, start, length);
                }
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(x), y);
                if (gatherEachStep) lossSum.add_(loss.detach().to(ScalarType.Float64) * length);
                loss.backward();
                optimizer.step();
            }
        }
    }
}
