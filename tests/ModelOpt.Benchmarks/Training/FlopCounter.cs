using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// Multiply-add FLOPs of one sample's forward pass through a chain of layers (Linear and Conv2d; activations and
/// pooling are ignored as negligible). Training costs about three forward passes (forward, input and weight gradients).
/// </summary>
public static class FlopCounter
{
    public static double ForwardFlops(nn.Module<Tensor, Tensor> model, long[] sampleShape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = zeros([1, .. sampleShape]);
        double flops = 0;
        foreach (var (_, layer) in model.named_children())
        {
            var next = ((nn.Module<Tensor, Tensor>)layer).forward(x);
            flops += layer switch
            {
                Linear linear => 2.0 * linear.weight.shape[0] * linear.weight.shape[1],
                Conv2d conv => 2.0 * conv.weight.shape[1] * conv.weight.shape[2] * conv.weight.shape[3] * next.numel(),
                _ => 0,
            };
            x = next;
        }
        return flops;
    }

    public static double TrainingFlopsPerSample(nn.Module<Tensor, Tensor> model, long[] sampleShape) => 3 * ForwardFlops(model, sampleShape);
}
