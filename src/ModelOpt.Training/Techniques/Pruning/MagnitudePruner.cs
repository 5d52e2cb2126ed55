using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Pruning;

/// <summary>
/// Magnitude pruning masks: exactly ⌊sparsity·n⌋ of the smallest-magnitude values get mask 0, either over all
/// weights together (global: layers that matter less lose more) or within each weight tensor (layer). Values
/// already zero are the smallest, so repeated pruning at growing sparsity only adds to the masks.
/// </summary>
public static class MagnitudePruner
{
    /// <summary>One 0/1 mask per weight, shaped like it; the caller disposes them.</summary>
    public static Tensor[] Masks(IReadOnlyList<Tensor> weights, double sparsity, PruningScope pruningScope)
    {
        using var disposeScope = NewDisposeScope();
        using var noGrad = no_grad();
        var masks = pruningScope == PruningScope.Global
            ? GlobalMasks(weights, sparsity)
            : weights.Select(w => GlobalMasks([w], sparsity)[0]).ToArray();
        foreach (var mask in masks) mask.MoveToOuterDisposeScope();
        return masks;
    }

    private static Tensor[] GlobalMasks(IReadOnlyList<Tensor> weights, double sparsity)
    {
        var flat = cat(weights.Select(w => w.detach().abs().flatten()).ToArray());
        var total = flat.numel();
        var prune = (long)Math.Floor(sparsity * total);
        var mask = ones(total, dtype: flat.dtype, device: flat.device);
        if (prune > 0) mask.index_fill_(0, flat.argsort().narrow(0, 0, prune), 0);
        var masks = new Tensor[weights.Count];
        long offset = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var n = weights[i].numel();
            masks[i] = mask.narrow(0, offset, n).reshape(weights[i].shape).clone();
            offset += n;
        }
        return masks;
    }
}
