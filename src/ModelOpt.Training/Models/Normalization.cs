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
        "layer" => nn.GroupNorm(1, channels),
        _ => null,
    };
}
