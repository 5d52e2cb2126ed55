using ModelOpt.Training.Data;
using ModelOpt.Training.Metrics;
using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>Mean cross-entropy and the confusion matrix of a model over a data set, without gradients.</summary>
public static class Evaluator
{
    public static (double Loss, ConfusionMatrix Matrix) Evaluate(nn.Module<Tensor, Tensor> model, TensorDataset data, Device device, int batchSize, CancellationToken cancellationToken)
    {
        model.eval();
        var matrix = new ConfusionMatrix(data.NumClasses);
        double lossSum = 0;
        using var noGrad = no_grad();
        for (long start = 0; start < data.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, data.Count - start);
            var x = data.Features.narrow(0, start, length).to(device);
            var y = data.Labels.narrow(0, start, length).to(device);
            var logits = model.forward(x);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            matrix.Add(y, logits.argmax(1));
        }
        return (data.Count == 0 ? 0 : lossSum / data.Count, matrix);
    }
}
