using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.MixedPrecision;

/// <summary>
/// Dynamic loss scaling for fp16, as PyTorch's GradScaler does it: the loss is multiplied by a large scale before the
/// backward pass so small gradients survive fp16; the gradients are divided back before clipping and the step. A step
/// whose gradients overflowed is skipped and the scale halved; after <see cref="GrowthInterval"/> clean steps it doubles.
/// Deciding to skip reads one flag from the device per step, the price of fp16 (bf16 needs no scaling).
/// </summary>
public sealed class LossScaler(double initialScale = 65536)
{
    public const int GrowthInterval = 2000;

    private int _cleanSteps;

    public double Scale { get; private set; } = initialScale;

    /// <summary>Steps skipped because a gradient was not finite.</summary>
    public int SkippedSteps { get; private set; }

    public Tensor ScaleLoss(Tensor loss)
    {
        using var scale = Scale.ToScalar();
        return loss.mul(scale);
    }

    /// <summary>Divides every gradient by the scale in place; true when all of them are finite (the step may be taken).</summary>
    public bool Unscale(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        using var inverse = (1.0 / Scale).ToScalar();
        Tensor? allFinite = null;
        foreach (var parameter in parameters)
        {
            if (parameter.grad is not { } grad) continue;
            grad.mul_(inverse);
            var finite = grad.isfinite().all();
            allFinite = allFinite is null ? finite : allFinite.logical_and(finite);
        }
        return allFinite is null || allFinite.item<bool>();
    }

    /// <summary>After <see cref="Unscale"/>: backs off on an overflow, grows after a run of clean steps.</summary>
    public void Update(bool finite)
    {
        if (!finite)
        {
            Scale = Math.Max(Scale / 2, 1);
            _cleanSteps = 0;
            SkippedSteps++;
            return;
        }
        if (++_cleanSteps < GrowthInterval) return;
        Scale = Math.Min(Scale * 2, 1 << 24);
        _cleanSteps = 0;
    }
}
