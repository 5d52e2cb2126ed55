using ModelOpt.Search.Workloads;
using ModelOpt.Training.Data;
using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>Trains one model to the end with a <see cref="TrainingRun"/>, reporting after every epoch.</summary>
public sealed class ModelTrainer(TrainerOptions options)
{
    public TrainingOutcome Fit(nn.Module<Tensor, Tensor> model, DataSplits data, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        using var run = new TrainingRun(options, model, data);
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        while (!run.IsDone)
        {
            metrics = run.RunEpoch(cancellationToken);
            report(new EpochReport(run.NextEpoch, metrics, metrics[Metrics.MetricNames.EpochSeconds]));
            cancellationToken.ThrowIfCancellationRequested();
        }
        return run.Finish(metrics, cancellationToken);
    }
}
