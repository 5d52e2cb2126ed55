using System.Diagnostics;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Data;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>
/// The one training loop: shuffled mini-batches, cross-entropy, the optimizer and LR schedule, gradient clipping,
/// hooks, validation metrics and checkpoints every epoch. Every step runs in its own dispose scope, so native
/// memory does not grow with steps or trials. The cancellation token is checked before every step: a cancelled
/// run stops within one step and throws <see cref="OperationCanceledException"/>. A non-finite loss throws
/// <see cref="TrialFailedException"/> (<see cref="FailureKind.NonFiniteLoss"/>) naming the epoch and step.
/// The model belongs to the caller; the optimizer and everything else the loop creates are disposed here.
/// </summary>
public sealed class ModelTrainer(TrainerOptions options)
{
    private readonly TrainerOptions _options = options;

    public TrainingOutcome Fit(nn.Module<Tensor, Tensor> model, DataSplits data, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        var settings = _options.Settings;
        var device = torch.device(_options.Device);
        var hooks = _options.Hooks ?? [];
        model.to(device);
        using var optimizer = OptimizerFactory.Create(settings.Optimizer, model.parameters());
        var startEpoch = Initialize(model, optimizer);
        var state = new TrainingState(model, optimizer, data, settings, device);
        foreach (var hook in hooks) hook.OnTrainingStart(state);

        var train = data.Train;
        var stepsPerEpoch = (int)((train.Count + settings.BatchSize - 1) / settings.BatchSize);
        var schedule = settings.ScheduleFor(stepsPerEpoch);
        using var shuffle = new Generator(_options.Seed);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        double? bestValue = null;
        string? bestPath = null, lastPath = null;

        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            // Resumed runs replay the shuffle draws of skipped epochs, so epoch e sees the same batches either way.
            using var order = randperm(train.Count, generator: shuffle);
            if (epoch < startEpoch) continue;
            cancellationToken.ThrowIfCancellationRequested();
            state.Epoch = epoch;
            var epochClock = Stopwatch.StartNew();
            var trainLoss = TrainEpoch(state, order, stepsPerEpoch, schedule, hooks, cancellationToken);
            var trainSeconds = epochClock.Elapsed.TotalSeconds;

            var (valLoss, matrix) = Evaluator.Evaluate(model, data.Validation, device, _options.EvaluationBatchSize, cancellationToken);
            metrics = new Dictionary<string, double>(StringComparer.Ordinal) { [MetricNames.TrainLoss] = trainLoss };
            MetricNames.AddClassification(metrics, "val", valLoss, matrix);
            metrics[MetricNames.LearningRate] = state.LearningRate;
            foreach (var hook in hooks) hook.OnEpochEnd(state, metrics);
            metrics[MetricNames.SamplesPerSecond] = train.Count / Math.Max(trainSeconds, 1e-9);

            if (_options.CheckpointDir is { } dir)
            {
                var value = metrics.GetValueOrDefault(_options.CheckpointMetric, double.NaN);
                var info = new CheckpointInfo(epoch + 1, _options.CheckpointMetric, value, settings.Optimizer.Kind.ToString().ToLowerInvariant(), CheckpointStore.ConfigToJson(_options.Config), _options.ModelFamily);
                lastPath = CheckpointStore.Save(dir, CheckpointStore.Last, model, optimizer, info);
                if (IsBetter(value, bestValue))
                {
                    bestValue = value;
                    bestPath = CheckpointStore.Save(dir, CheckpointStore.Best, model, optimizer, info);
                }
            }
            var seconds = epochClock.Elapsed.TotalSeconds;
            metrics[MetricNames.EpochSeconds] = seconds;
            report(new EpochReport(epoch + 1, metrics, seconds));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Finish(model, data, device, metrics, bestPath, lastPath, cancellationToken);
    }

    private double TrainEpoch(TrainingState state, Tensor order, int stepsPerEpoch, LearningRateSchedule schedule, IReadOnlyList<ITrainingHook> hooks, CancellationToken cancellationToken)
    {
        var model = state.Model;
        var train = state.Data.Train;
        var batchSize = state.Settings.BatchSize;
        var clip = state.Settings.Optimizer.GradClip;
        model.train();
        double lossSum = 0;
        for (var step = 0; step < stepsPerEpoch; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            state.Step = step;
            state.GlobalStep = (long)state.Epoch * stepsPerEpoch + step;
            state.LearningRate = schedule.RateAt(state.GlobalStep);
            OptimizerFactory.SetLearningRate(state.Optimizer, state.LearningRate);

            var start = (long)step * batchSize;
            var length = Math.Min(batchSize, train.Count - start);
            var indices = order.narrow(0, start, length);
            var x = train.Features.index_select(0, indices).to(state.Device);
            var y = train.Labels.index_select(0, indices).to(state.Device);
            foreach (var hook in hooks) x = hook.PrepareBatch(state, x, y);

            state.Optimizer.zero_grad();
            var logits = model.forward(x);
            var loss = nn.functional.cross_entropy(logits, y);
            foreach (var hook in hooks) loss = hook.AdjustLoss(state, x, y, logits, loss);
            var lossValue = loss.item<float>();
            if (!float.IsFinite(lossValue))
                throw new TrialFailedException(FailureKind.NonFiniteLoss,
                    $"loss became {(float.IsNaN(lossValue) ? "NaN" : "infinite")} at epoch {state.Epoch + 1} step {step + 1}");
            loss.backward();
            if (clip > 0) nn.utils.clip_grad_norm_(model.parameters(), clip);
            state.Optimizer.step();
            foreach (var hook in hooks) hook.AfterStep(state);
            lossSum += lossValue * length;
        }
        return lossSum / train.Count;
    }

    /// <summary>Loads the initial checkpoint, if any; returns the epoch to start at.</summary>
    private int Initialize(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer)
    {
        if (_options.InitCheckpoint is not { } checkpoint) return 0;
        try
        {
            CheckpointStore.LoadWeights(checkpoint, model);
            if (_options.StartEpoch > 0)
                CheckpointStore.TryLoadOptimizer(checkpoint, optimizer, _options.Settings.Optimizer.Kind.ToString().ToLowerInvariant());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TrialFailedException(FailureKind.BadConfig, $"cannot initialize from checkpoint '{checkpoint}': {e.Message}", e);
        }
        return _options.StartEpoch;
    }

    private TrainingOutcome Finish(nn.Module<Tensor, Tensor> model, DataSplits data, Device device, Dictionary<string, double> metrics, string? best, string? last, CancellationToken cancellationToken)
    {
        var final = new Dictionary<string, double>(metrics, StringComparer.Ordinal);
        ConfusionMatrix matrix;
        string split;
        if (data.Test is { } test)
        {
            (var testLoss, matrix) = Evaluator.Evaluate(model, test, device, _options.EvaluationBatchSize, cancellationToken);
            MetricNames.AddClassification(final, "test", testLoss, matrix);
            split = "test";
        }
        else
        {
            (_, matrix) = Evaluator.Evaluate(model, data.Validation, device, _options.EvaluationBatchSize, cancellationToken);
            split = "validation";
        }
        return new TrainingOutcome(final, matrix, split, _options.Settings.Epochs, best, last);
    }

    private bool IsBetter(double value, double? best) =>
        !double.IsNaN(value) && (best is not { } b || (_options.CheckpointMetricIsLoss ? value < b : value > b));
}
