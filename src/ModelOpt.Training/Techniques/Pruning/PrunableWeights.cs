using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Pruning;

/// <summary>
/// The tensors pruning acts on: every weight matrix or kernel (linear, convolution, recurrent <c>weight_ih/hh</c>),
/// that is parameters named <c>weight*</c> with two or more dimensions. Biases, norm scales and embeddings such as a
/// transformer's positions stay dense: they are few and pruning them hurts more than it saves.
/// </summary>
public static class PrunableWeights
{
    public static IReadOnlyList<(string Name, Parameter Weight)> Of(nn.Module model) =>
        model.named_parameters()
            .Where(p => p.parameter.dim() >= 2 && p.name[(p.name.LastIndexOf('.') + 1)..].StartsWith("weight", StringComparison.Ordinal))
            .Select(p => (p.name, p.parameter))
            .ToList();

    /// <summary>The fraction of prunable weight values that are exactly zero.</summary>
    public static double Sparsity(nn.Module model)
    {
        long zeros = 0, total = 0;
        foreach (var (_, w) in Of(model))
        {
            total += w.numel();
            zeros += w.numel() - NonZero(w);
        }
        return total == 0 ? 0 : zeros / (double)total;
    }

    /// <summary>Parameter values that are not zero, over the whole model.</summary>
    public static long NonZeroParameters(nn.Module model) => model.parameters().Sum(NonZero);

    private static long NonZero(Tensor t)
    {
        using var count = t.count_nonzero();
        return count.item<long>();
    }
}
