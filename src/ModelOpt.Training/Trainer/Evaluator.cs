using ModelOpt.Training.Data;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.MixedPrecision;
using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>Mean cross-entropy and the confusion matrix of a model over a data set, without gradients.</summary>
public static class Evaluator
{
    /// <summary>
    /// Sums the loss and the (actual, predicted) counts on the device and reads them once at the end: two host
    /// synchronisations per evaluation instead of two per batch, which matters when several trials share a GPU.
    /// Under <paramref name="precision"/> bf16/fp16 the forward pass runs in autocast, as training does.
    /// </summary>
    public static (double Loss, ConfusionMatrix Matrix) Evaluate(nn.Module<Tensor, Tensor> model, TensorDataset data, Device device, int batchSize,
        CancellationToken cancellationToken, NumericPrecision precision = NumericPrecision.Fp32)
    {
        model.eval();
        var matrix = new ConfusionMatrix(data.NumClasses);
        using var noGrad = no_grad();
        using var lossSum = zeros(1, ScalarType.Float64, device);
        using var counts = zeros(data.NumClasses * data.NumClasses, ScalarType.Int64, device);
        for (long start = 0; start < data.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, data.Count - start);
            var x = data.Features.narrow(0, start, length).to(device);
            var y = data.Labels.narrow(0, start, length).to(device);
            Tensor logits, loss;
            using (Autocast.Enter(precision, device))
            {
                logits = model.forward(x);
                loss = nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum);
            }
            lossSum.add_(loss);
            counts.add_(ConfusionMatrix.PairCounts(y, logits.argmax(1), data.NumClasses));
        }
        if (data.Count == 0) return (0, matrix);
        using (var flat = counts.cpu()) matrix.AddPairCounts(flat.data<long>().ToArray());
        return (lossSum.item<double>() / data.Count, matrix);
    }
}
