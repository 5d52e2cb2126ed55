using ModelOpt.Training.Metrics;
using ModelOpt.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.MultiTask;

/// <summary>
/// The multi-task loss and metrics. Loss: Σ_t w_t · CE(head_t, labels_t), where the primary task's term is the
/// trainer's own loss and a task of weight 0 adds nothing (its head gets no gradient). After each epoch every task is
/// evaluated on the validation split: <c>val_&lt;task&gt;_loss</c>, <c>_accuracy</c>, <c>_precision</c>,
/// <c>_recall</c>, <c>_f1</c>, plus <c>val_weighted_accuracy</c> over the tasks' objective weights.
/// Must run before hooks that call the model again in the same step, since it reads the step's forward output.
/// </summary>
public sealed class MultiTaskHook(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<double> lossWeights, int batchSize) : ITrainingHook
{
    public Tensor AdjustLoss(TrainingState state, Tensor input, Tensor target, Tensor logits, Tensor loss)
    {
        var model = Model(state);
        var outputs = model.LastOutputs ?? throw new InvalidOperationException("the multi-task model has not run forward in this step");
        using var primaryWeight = lossWeights[0].ToScalar();
        var total = loss.mul(primaryWeight);
        for (var t = 1; t < tasks.Count; t++)
        {
            if (lossWeights[t] == 0) continue;
            var labels = Labels(t, target, state.Data.Train.NumClasses);
            var taskLoss = nn.functional.cross_entropy(model.Head(outputs, t), labels, label_smoothing: state.Settings.LabelSmoothing);
            using var weight = lossWeights[t].ToScalar();
            total = total.add(taskLoss, weight);
        }
        return total;
    }

    public void OnEpochEnd(TrainingState state, IDictionary<string, double> metrics)
    {
        var model = Model(state);
        var data = state.Data.Validation;
        var matrices = tasks.Select(t => new ConfusionMatrix(t.Classes(data.NumClasses))).ToArray();
        var lossSums = new double[tasks.Count];
        model.eval();
        using (no_grad())
        {
            for (long start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, data.Count - start);
                var x = data.Features.narrow(0, start, length).to(state.Device);
                var y = data.Labels.narrow(0, start, length).to(state.Device);
                var outputs = model.ForwardAll(x);
                for (var t = 0; t < tasks.Count; t++)
                {
                    var labels = Labels(t, y, data.NumClasses);
                    var logits = model.Head(outputs, t);
                    lossSums[t] += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                    matrices[t].Add(labels, logits.argmax(1));
                }
            }
        }
        for (var t = 0; t < tasks.Count; t++)
            MetricNames.AddClassification(metrics, $"{MultiTaskOptions.MetricPrefix}{tasks[t].Name}", data.Count == 0 ? 0 : lossSums[t] / data.Count, matrices[t]);
        var weightSum = tasks.Sum(t => t.ObjectiveWeight);
        metrics[MultiTaskOptions.WeightedAccuracy] = weightSum == 0 ? 0 : tasks.Select((t, i) => t.ObjectiveWeight * matrices[i].Accuracy).Sum() / weightSum;
    }

    private static MultiTaskModel Model(TrainingState state) =>
        state.Model as MultiTaskModel ?? throw new InvalidOperationException("multi-task training needs the model wrapped in a MultiTaskModel");

    /// <summary>Task t's labels for class ids <paramref name="y"/> (a tensor in the caller's scope).</summary>
    private Tensor Labels(int t, Tensor y, int classes) =>
        t == 0 ? y : tensor(tasks[t].Labels.Table(classes), device: y.device).index_select(0, y);
}
