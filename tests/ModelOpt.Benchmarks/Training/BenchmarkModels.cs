using ModelOpt.Search.Spaces;
using ModelOpt.Training.Models;
using static TorchSharp.torch;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// The reference MNIST models the training benchmarks measure, built by the torch workload's own model factory from
/// <see cref="ReferenceModels"/>: an MLP (784-256-128-10, ReLU) and a small CNN (two 3x3 conv + max-pool blocks with
/// 32 and 64 channels, a 128-unit dense layer). Both are chains of layers, so <see cref="FlopCounter"/> can walk them.
/// </summary>
public static class BenchmarkModels
{
    public static readonly string[] Names = ["mlp", "cnn"];

    public static nn.Module<Tensor, Tensor> Build(string name, long seed)
    {
        var config = name switch
        {
            "mlp" => ReferenceModels.MlpConfig,
            "cnn" => ReferenceModels.CnnConfig,
            _ => throw new UsageException($"--model must be one of {string.Join(", ", Names)}, got '{name}'"),
        };
        manual_seed(seed);
        return ModelFactory.Build(config, [1, 28, 28], 10);
    }

    /// <summary>The workload's model builder for these models: the configuration's <c>model</c> key picks one.</summary>
    public static nn.Module<Tensor, Tensor> FromConfig(Config config, long[] sampleShape, int numClasses) =>
        Build(config.GetString("model", "mlp"), 0);
}
