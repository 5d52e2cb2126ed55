using ModelOpt.Search.Workloads;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Trainer;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Pruning;

/// <summary>
/// Magnitude pruning inside the training loop: at the end of each pruning epoch (after validation) it recomputes the
/// masks at the scheduled sparsity, zeroes the pruned weights and validates again, so the epoch's report and
/// checkpoint describe the pruned model; after every optimizer step it re-applies the masks, so pruned weights
/// stay zero through fine-tuning. Reports <c>sparsity</c> and <c>nonzero_parameters</c> every epoch, and from the
/// final pruning on <c>val_accuracy_before_pruning</c> (dense) and <c>val_accuracy_after_pruning</c> (before
/// fine-tuning); the epoch's <c>val_accuracy</c> is the pruned (then fine-tuned) model's.
/// </summary>
public sealed class PruningHook(PruningOptions options, double sparsity, int evaluationBatchSize) : ITrainingHook, IDisposable
{
    public const string SparsityMetric = "sparsity";
    public const string NonZeroMetric = "nonzero_parameters";
    public const string BeforeMetric = "val_accuracy_before_pruning";
    public const string AfterMetric = "val_accuracy_after_pruning";

    private List<Parameter> _weights = [];
    private Tensor[]? _masks;
    private double? _before, _after;

    public void OnTrainingStart(TrainingState state)
    {
        _weights = PrunableWeights.Of(state.Model).Select(w => w.Weight).ToList();
        if (_weights.Count == 0)
            throw new TrialFailedException(FailureKind.BadConfig, "workload.pruning: the model has no weight matrices to prune");
        var epochs = state.Settings.Epochs;
        if (options.FinalPruningEpoch(epochs) < options.StartEpoch)
            throw new TrialFailedException(FailureKind.BadConfig,
                $"workload.pruning.fineTuneEpochs: {options.FineTuneEpochs} fine-tuning epochs leave no epoch to prune in (start epoch {options.StartEpoch}) with {epochs} training epochs");
    }

    public void AfterStep(TrainingState state)
    {
        // A run resumed after the final pruning keeps the zeros it was saved with.
        if (_masks is null && state.Epoch > options.FinalPruningEpoch(state.Settings.Epochs))
            _masks = _weights.Select(w => w.detach().ne(0).to(w.dtype).DetachFromDisposeScope()).ToArray();
        if (_masks is null) return;
        using var noGrad = no_grad();
        for (var i = 0; i < _weights.Count; i++) _weights[i].mul_(_masks[i]);
    }

    public void OnEpochEnd(TrainingState state, IDictionary<string, double> metrics)
    {
        var epochs = state.Settings.Epochs;
        if (options.SparsityAt(state.Epoch, epochs, sparsity) is { } target)
        {
            var final = state.Epoch == options.FinalPruningEpoch(epochs);
            if (final) _before = metrics[MetricNames.ValAccuracy];
            Prune(target);
            var (loss, matrix) = Evaluator.Evaluate(state.Model, state.Data.Validation, state.Device, evaluationBatchSize, CancellationToken.None);
            MetricNames.AddClassification(metrics, "val", loss, matrix);
            if (final) _after = matrix.Accuracy;
        }
        metrics[SparsityMetric] = PrunableWeights.Sparsity(state.Model);
        metrics[NonZeroMetric] = PrunableWeights.NonZeroParameters(state.Model);
        if (_before is { } before) metrics[BeforeMetric] = before;
        if (_after is { } after) metrics[AfterMetric] = after;
    }

    private void Prune(double target)
    {
        DisposeMasks();
        _masks = MagnitudePruner.Masks(_weights, target, options.Scope);
        foreach (var mask in _masks) mask.DetachFromDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < _weights.Count; i++) _weights[i].mul_(_masks[i]);
    }

    private void DisposeMasks()
    {
        foreach (var mask in _masks ?? []) mask.Dispose();
        _masks = null;
    }

    public void Dispose() => DisposeMasks();
}
