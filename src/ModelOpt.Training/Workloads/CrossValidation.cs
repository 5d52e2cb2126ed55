using System.Globalization;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Data;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Preprocessing;
using ModelOpt.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Workloads;

/// <summary>
/// k-fold evaluation of one configuration: one model per fold, trained in lockstep an epoch at a time so the trial
/// still reports after every epoch. Each report carries the mean over folds under the usual names
/// (<c>val_accuracy</c>, ...), the spread as <c>&lt;name&gt;_std</c> and every fold's value as
/// <c>fold&lt;i&gt;_&lt;name&gt;</c>. The confusion matrix artefact sums the folds' final validation matrices:
/// every row is validated exactly once, so it is the out-of-fold confusion matrix.
/// </summary>
internal sealed class CrossValidation(TrialSetup setup, RawDataset data, TorchWorkloadOptions options, TrialContext context)
{
    public TrialResult Run(Action<EpochReport> report, CancellationToken cancellationToken)
    {
        var folds = DatasetCatalog.KFolds(data, options.Dataset, options.Folds);
        var resources = new List<IDisposable>();
        var members = new List<(DataSplits Splits, nn.Module<Tensor, Tensor> Model, TrainingRun Run)>();
        try
        {
            foreach (var (fold, test) in folds)
            {
                var splits = DatasetCatalog.ToSplits(data, fold.Train, fold.Validation, test);
                resources.Add(splits);
                setup.Scale(splits);
                var model = setup.BuildModel(data.SampleShape, data.NumClasses);
                resources.Add(model);
                var (hooks, augmenter) = setup.Hooks(fold.Index);
                resources.Add(augmenter);
                var run = new TrainingRun(setup.TrainerOptions(hooks, FoldPath(context.CheckpointDir, fold.Index), FoldCheckpoint(fold.Index)), model, splits);
                resources.Add(run);
                members.Add((splits, model, run));
            }

            var perFold = members.Select(_ => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>()).ToArray();
            while (!members[0].Run.IsDone)
            {
                var seconds = 0.0;
                for (var f = 0; f < members.Count; f++)
                {
                    perFold[f] = members[f].Run.RunEpoch(cancellationToken);
                    seconds += perFold[f][MetricNames.EpochSeconds];
                }
                var summary = Summarize(perFold);
                summary[MetricNames.EpochSeconds] = seconds;
                report(new EpochReport(members[0].Run.NextEpoch, summary, seconds));
                cancellationToken.ThrowIfCancellationRequested();
            }

            var final = Summarize(members.Select((m, f) => m.Run.Finish(perFold[f], cancellationToken).Metrics).ToArray());
            final["parameters"] = TorchWorkload.ParameterCount(members[0].Model);
            final["folds"] = members.Count;
            var outOfFold = new ConfusionMatrix(data.NumClasses);
            foreach (var (splits, model, _) in members)
                outOfFold.Add(Evaluator.Evaluate(model, splits.Validation, torch.device(setup.Device), options.EvaluationBatchSize, cancellationToken).Matrix);
            return new TrialResult(final, TorchWorkload.Artifacts(outOfFold.ToCsv(data.ClassNames), "out-of-fold validation", context.CheckpointDir, null, null));
        }
        finally
        {
            for (var i = resources.Count - 1; i >= 0; i--) resources[i].Dispose();
        }
    }

    /// <summary>Mean, standard deviation and per-fold values of every metric the folds report.</summary>
    private static Dictionary<string, double> Summarize(IReadOnlyList<IReadOnlyDictionary<string, double>> folds)
    {
        var summary = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in folds[0].Keys)
        {
            var values = folds.Select(f => f[name]).ToArray();
            var mean = values.Average();
            summary[name] = mean;
            if (!name.StartsWith("val_", StringComparison.Ordinal) && !name.StartsWith("test_", StringComparison.Ordinal) && name != MetricNames.TrainLoss) continue;
            summary[$"{name}_std"] = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
            for (var f = 0; f < values.Length; f++) summary[string.Create(CultureInfo.InvariantCulture, $"fold{f}_{name}")] = values[f];
        }
        return summary;
    }

    private static string? FoldPath(string? directory, int fold) =>
        directory is null ? null : Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"fold{fold}"));

    private string? FoldCheckpoint(int fold) =>
        FoldPath(context.InitCheckpoint, fold) is { } path && Directory.Exists(path) ? path : context.InitCheckpoint;
}
