using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>The shared <c>norm</c> key: none, batch or layer normalisation after each hidden layer.</summary>
public static class Normalization
{
    public static readonly string[] Names = ["none", "batch", "layer"];

    public static string Read(ModelConfig config) => config.Choice("none", Names, "norm");

    /// <summary>The norm over a dense layer's <paramref name="features"/>, or null for none.</summary>
    public static nn.Module<Tensor, Tensor>? Dense(string norm, long features) => norm switch
    {
        "batch" => nn.BatchNorm1d(features),
        "layer" => nn.LayerNorm(features),
        _ => null,
    };

    /// <summary>The norm over a feature map's channels: batch norm, or layer norm over (C, H, W) as one group.</summary>
    public static nn.Module<Tensor, Tensor>? Spatial(string norm, long channels) => norm switch
    {
        "batch" => nn.BatchNorm2d(channels),
        "layer" => LayerNorm2d(channels),
        _ => null,
    };

    /// <summary>
    /// Layer norm over a feature map as a one-group GroupNorm. TorchSharp 0.107's GroupNorm leaves its affine weight
    /// and bias uninitialized (arbitrary memory, even ±1e31), so they are set to the identity here.
    /// </summary>
    private static nn.Module<Tensor, Tensor> LayerNorm2d(long channels)
    {
        var norm = nn.GroupNorm(1, channels);
        using (no_grad())
        {
            norm.weight!.fill_(1);
            norm.bias!.fill_(0);
        }
        return norm;
    }
}
