using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>The activation functions a configuration may name (<c>activation</c>, <c>layers[i].activation</c>, ...).</summary>
public static class Activations
{
    public static readonly string[] Names = ["relu", "leaky-relu", "gelu", "tanh", "sigmoid", "silu"];

    public static nn.Module<Tensor, Tensor> Create(string name) => name switch
    {
        "relu" => nn.ReLU(),
        "leaky-relu" => nn.LeakyReLU(0.01),
        "gelu" => nn.GELU(),
        "tanh" => nn.Tanh(),
        "sigmoid" => nn.Sigmoid(),
        "silu" => nn.SiLU(),
        _ => throw new ArgumentException($"unknown activation '{name}'", nameof(name)),
    };

    /// <summary>The activation for a layer: its own key first, then the family's shared <c>activation</c> (default relu).</summary>
    public static nn.Module<Tensor, Tensor> Read(ModelConfig config, params string[] keys) =>
        Create(config.Choice("relu", Names, [.. keys, "activation"]));
}
