using System.Diagnostics;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Data;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.MixedPrecision;
using ModelOpt.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>
/// One model's training in progress, advanced an epoch at a time (so k-fold cross-validation can step its folds in
/// lockstep and report after each epoch). Each epoch: shuffled mini-batches, cross-entropy, the optimizer and LR
/// schedule, gradient clipping, hooks, validation metrics, checkpoints. Every step runs in its own dispose scope,
/// so native memory does not grow with steps or trials. The cancellation token is checked before every step: a
/// cancelled run stops within one step and throws <see cref="OperationCanceledException"/>. A non-finite loss
/// throws <see cref="TrialFailedException"/> (<see cref="FailureKind.NonFiniteLoss"/>) naming the epoch and step.
/// The model and data belong to the caller; the optimizer and generator are disposed with the run.
/// A step costs the device as few launches and the host as few waits as the bare loop's: each epoch's shuffled order is
/// gathered in a few large slices (a batch is then a view), the loss is summed on the device and read every
/// <see cref="NonFiniteCheckInterval"/> steps on a GPU, and validation reads its sums once (<see cref="Evaluator"/>).
/// With <see cref="TrainingSettings.Precision"/> bf16 or fp16 the forward pass and loss run under autocast, fp16 with
/// dynamic loss scaling (<see cref="LossScaler"/>).
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly TrainerOptions _options;
    private readonly TrainingState _state;
    private readonly OptimizerHelper _optimizer;
    private readonly Generator _shuffle;
    private readonly Tensor _trainFeatures, _trainLabels;
    private readonly Data.TensorDataset _validation;
    private readonly LossScaler? _scaler;
    private readonly long _rowsPerGather;
    private const int NonFiniteCheckInterval = 32;

    /// <summary>The most a gathered slice of the shuffled training split may take, beside the split itself.</summary>
    private const long GatherBytes = 64L << 20;
    private readonly IReadOnlyList<ITrainingHook> _hooks;
    private readonly LearningRateSchedule _schedule;
    private readonly int _stepsPerEpoch;
    private readonly string _optimizerName;
    private double? _bestValue;
    private string? _bestPath, _lastPath;

    public TrainingRun(TrainerOptions options, nn.Module<Tensor, Tensor> model, DataSplits data)
    {
        _options = options;
        var settings = options.Settings;
        var device = torch.device(options.Device);
        _hooks = options.Hooks ?? [];
        _optimizerName = settings.Optimizer.Kind.ToString().ToLowerInvariant();
        PrecisionSupport.Ensure(settings.Precision, options.Device);
        _scaler = settings.Precision == NumericPrecision.Fp16 ? new LossScaler() : null;
        model.to(device);
        // Weights load before the optimizer exists, so it is built over the parameters training will update.
        LoadWeights(model);
        _optimizer = OptimizerFactory.Create(settings.Optimizer, model.parameters());
        _shuffle = new Generator(options.Seed);
        _state = new TrainingState(model, _optimizer, data, settings, device);
        // On a GPU the training split is copied once, so a step gathers its batch on the device instead of copying
        // every batch from host memory; on the CPU these are the split's own tensors.
        var onGpu = device.type != DeviceType.CPU;
        _trainFeatures = onGpu ? data.Train.Features.to(device) : data.Train.Features.alias();
        _trainLabels = onGpu ? data.Train.Labels.to(device) : data.Train.Labels.alias();
        _validation = onGpu
            ? new Data.TensorDataset(data.Validation.Name, data.Validation.Features.to(device), data.Validation.Labels.to(device), data.Validation.NumClasses)
            : new Data.TensorDataset(data.Validation.Name, data.Validation.Features.alias(), data.Validation.Labels.alias(), data.Validation.NumClasses);
        var rowBytes = Math.Max(1, data.Train.Features.NumberOfElements / Math.Max(1, data.Train.Count) * data.Train.Features.ElementSize);
        _rowsPerGather = Math.Max(settings.BatchSize, GatherBytes / rowBytes / settings.BatchSize * settings.BatchSize);
        _stepsPerEpoch = (int)((data.Train.Count + settings.BatchSize - 1) / settings.BatchSize);
        _schedule = settings.ScheduleFor(_stepsPerEpoch);
        try
        {
            NextEpoch = LoadOptimizerState();
            _bestValue = NextEpoch > 0 ? PreviousBest() : null;
            // A resumed run replays the shuffle draws of the skipped epochs, so epoch e sees the same batches either way.
            for (var e = 0; e < NextEpoch; e++) randperm(data.Train.Count, generator: _shuffle).Dispose();
            foreach (var hook in _hooks) hook.OnTrainingStart(_state);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Zero-based index of the epoch <see cref="RunEpoch"/> trains next.</summary>
    public int NextEpoch { get; private set; }

    public bool IsDone => NextEpoch >= _options.Settings.Epochs;

    /// <summary>Trains and validates one epoch, writes checkpoints, and returns the epoch's metrics.</summary>
    public IReadOnlyDictionary<string, double> RunEpoch(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        _state.Epoch = NextEpoch;
        var trainLoss = TrainEpoch(cancellationToken);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        var (valLoss, matrix) = Evaluator.Evaluate(_state.Model, _validation, _state.Device, _options.EvaluationBatchSize, cancellationToken, _state.Settings.Precision);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { [MetricNames.TrainLoss] = trainLoss };
        MetricNames.AddClassification(metrics, "val", valLoss, matrix);
        metrics[MetricNames.LearningRate] = _state.LearningRate;
        metrics[MetricNames.SamplesPerSecond] = _state.Data.Train.Count / Math.Max(trainSeconds, 1e-9);
        foreach (var hook in _hooks) hook.OnEpochEnd(_state, metrics);
        NextEpoch++;
        WriteCheckpoints(metrics);
        metrics[MetricNames.EpochSeconds] = clock.Elapsed.TotalSeconds;
        return metrics;
    }

    /// <summary>
    /// Final evaluation: <c>test_*</c> metrics when there is a test split, and the confusion matrix of the final
    /// model on the test split (the validation split without one).
    /// </summary>
    public TrainingOutcome Finish(IReadOnlyDictionary<string, double> lastEpochMetrics, CancellationToken cancellationToken)
    {
        var final = new Dictionary<string, double>(lastEpochMetrics, StringComparer.Ordinal);
        var test = _state.Data.Test;
        var (loss, matrix) = Evaluator.Evaluate(_state.Model, test ?? _validation, _state.Device, _options.EvaluationBatchSize, cancellationToken, _state.Settings.Precision);
        if (test is not null) MetricNames.AddClassification(final, "test", loss, matrix);
        return new TrainingOutcome(final, matrix, test is null ? "validation" : "test", NextEpoch, _bestPath, _lastPath);
    }

    private double TrainEpoch(CancellationToken cancellationToken)
    {
        var train = _state.Data.Train;
        var batchSize = _state.Settings.BatchSize;
        var clip = _state.Settings.Optimizer.GradClip;
        var precision = _state.Settings.Precision;
        _state.Model.train();
        using var shuffled = randperm(train.Count, generator: _shuffle);
        using var order = shuffled.to(_state.Device);
        // Reading the loss on the host waits for the GPU, so a GPU run checks it every few steps instead of every step.
        var checkEvery = _state.Device.type == DeviceType.CPU ? 1 : NonFiniteCheckInterval;
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: _state.Device);
        var checkedUpTo = 0;
        var gathered = new GatheredRows();
        try
        {
            for (var step = 0; step < _stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = (long)step * batchSize;
                var length = Math.Min(batchSize, train.Count - start);
                gathered.Cover(start, Math.Min(_rowsPerGather, train.Count - start), order, _trainFeatures, _trainLabels);
                using var scope = NewDisposeScope();
                _state.Step = step;
                _state.GlobalStep = (long)_state.Epoch * _stepsPerEpoch + step;
                _state.LearningRate = _schedule.RateAt(_state.GlobalStep);
                OptimizerFactory.SetLearningRate(_optimizer, _state.LearningRate);

                var (x, y) = gathered.Batch(start, length);
                foreach (var hook in _hooks) x = hook.PrepareBatch(_state, x, y);

                _optimizer.zero_grad();
                Tensor loss;
                using (Autocast.Enter(precision, _state.Device))
                {
                    var logits = _state.Model.forward(x);
                    loss = nn.functional.cross_entropy(logits, y, label_smoothing: _state.Settings.LabelSmoothing);
                    foreach (var hook in _hooks) loss = hook.AdjustLoss(_state, x, y, logits, loss);
                }
                using (var weight = ((double)length).ToScalar()) lossSum.add_(loss.detach(), weight);
                if ((step + 1) % checkEvery == 0 || step + 1 == _stepsPerEpoch)
                {
                    ThrowIfNotFinite(lossSum.item<double>(), checkedUpTo + 1, step + 1);
                    checkedUpTo = step + 1;
                }
                Step(loss, clip);
                foreach (var hook in _hooks) hook.AfterStep(_state);
            }
        }
        finally
        {
            gathered.Dispose();
        }
        return lossSum.item<double>() / train.Count;
    }

    /// <summary>Backward pass, clipping and the optimizer step; under fp16 through the loss scaler, which may skip the step.</summary>
    private void Step(Tensor loss, double clip)
    {
        if (_scaler is null)
        {
            loss.backward();
            if (clip > 0) nn.utils.clip_grad_norm_(_state.Model.parameters(), clip);
            _optimizer.step();
            return;
        }
        _scaler.ScaleLoss(loss).backward();
        var finite = _scaler.Unscale(_state.Model.parameters());
        if (finite)
        {
            if (clip > 0) nn.utils.clip_grad_norm_(_state.Model.parameters(), clip);
            _optimizer.step();
        }
        _scaler.Update(finite);
    }

    private void ThrowIfNotFinite(double lossSum, int firstStep, int lastStep)
    {
        if (double.IsFinite(lossSum)) return;
        var where = firstStep == lastStep ? $"step {lastStep}" : $"steps {firstStep}–{lastStep}";
        throw new TrialFailedException(FailureKind.NonFiniteLoss,
            $"loss became {(double.IsNaN(lossSum) ? "NaN" : "infinite")} at epoch {_state.Epoch + 1} {where}");
    }

    private void LoadWeights(nn.Module<Tensor, Tensor> model)
    {
        if (_options.InitCheckpoint is { } checkpoint)
            Guard(checkpoint, () => CheckpointStore.LoadWeights(checkpoint, model));
    }

    /// <summary>On resume (a checkpoint and a start epoch), restores the optimizer state; returns the epoch to start at.</summary>
    private int LoadOptimizerState()
    {
        if (_options.InitCheckpoint is not { } checkpoint || _options.StartEpoch == 0) return 0;
        Guard(checkpoint, () => CheckpointStore.TryLoadOptimizer(checkpoint, _optimizer, _optimizerName));
        return _options.StartEpoch;
    }

    /// <summary>A resumed run keeps the best value already in its checkpoint directory, so a worse epoch does not replace it.</summary>
    private double? PreviousBest()
    {
        if (_options.CheckpointDir is not { } dir || !Directory.Exists(Path.Combine(dir, CheckpointStore.Best))) return null;
        var info = CheckpointStore.ReadInfo(Path.Combine(dir, CheckpointStore.Best));
        _bestPath = Path.Combine(dir, CheckpointStore.Best);
        return info.Metric == _options.CheckpointMetric && !double.IsNaN(info.MetricValue) ? info.MetricValue : null;
    }

    private static void Guard(string checkpoint, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e)
        {
            throw new TrialFailedException(FailureKind.BadConfig, $"cannot initialize from checkpoint '{checkpoint}': {e.Message}", e);
        }
    }

    private void WriteCheckpoints(IReadOnlyDictionary<string, double> metrics)
    {
        if (_options.CheckpointDir is not { } dir) return;
        var value = metrics.GetValueOrDefault(_options.CheckpointMetric, double.NaN);
        var info = new CheckpointInfo(NextEpoch, _options.CheckpointMetric, value, _optimizerName, CheckpointStore.ConfigToJson(_options.Config), _options.ModelFamily);
        _lastPath = CheckpointStore.Save(dir, CheckpointStore.Last, _state.Model, _optimizer, info);
        var better = !double.IsNaN(value) && (_bestValue is not { } best || (_options.CheckpointMetricIsLoss ? value < best : value > best));
        if (!better) return;
        _bestValue = value;
        _bestPath = CheckpointStore.Save(dir, CheckpointStore.Best, _state.Model, _optimizer, info);
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _shuffle.Dispose();
        _trainFeatures.Dispose();
        _trainLabels.Dispose();
        _validation.Dispose();
    }
}
