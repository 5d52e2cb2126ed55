using ModelOpt.Training.Trainer;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Trainer;

/// <summary>A hook that counts what the loop does and can act at a chosen step.</summary>
internal sealed class RecordingHook : ITrainingHook
{
    public int Steps { get; private set; }
    public int Batches { get; private set; }
    public List<int> EpochsEnded { get; } = new();
    public Action<TrainingState>? OnStep { get; init; }
    public Func<TrainingState, Tensor, Tensor>? Loss { get; init; }

    public Tensor PrepareBatch(TrainingState state, Tensor input, Tensor target)
    {
        Batches++;
        return input;
    }

    public Tensor AdjustLoss(TrainingState state, Tensor input, Tensor target, Tensor logits, Tensor loss) => Loss?.Invoke(state, loss) ?? loss;

    public void AfterStep(TrainingState state)
    {
        Steps++;
        OnStep?.Invoke(state);
    }

    public void OnEpochEnd(TrainingState state, IDictionary<string, double> metrics)
    {
        EpochsEnded.Add(state.Epoch);
        metrics["hook_metric"] = state.Epoch;
    }
}
