using ModelOpt.Search.Spaces;
using static TorchSharp.torch;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// The reference MNIST models the training benchmarks measure: an MLP (784-256-128-10, ReLU) and a small CNN
/// (two 3x3 conv + max-pool blocks with 32 and 64 channels, a 128-unit dense layer). Plain chains of layers, so
/// <see cref="FlopCounter"/> can walk them.
/// </summary>
public static class BenchmarkModels
{
    public static readonly string[] Names = ["mlp", "cnn"];

    public static nn.Module<Tensor, Tensor> Build(string name, long seed)
    {
        manual_seed(seed);
        return name switch
        {
            "mlp" => nn.Sequential(
                nn.Flatten(),
                nn.Linear(784, 256), nn.ReLU(),
                nn.Linear(256, 128), nn.ReLU(),
                nn.Linear(128, 10)),
            "cnn" => nn.Sequential(
                nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
                nn.Linear(128, 10)),
            _ => throw new UsageException($"--model must be one of {string.Join(", ", Names)}, got '{name}'"),
        };
    }

    /// <summary>The workload's model builder for these models: the configuration's <c>model</c> key picks one.</summary>
    public static nn.Module<Tensor, Tensor> FromConfig(Config config, long[] sampleShape, int numClasses) =>
        Build(config.GetString("model", "mlp"), 0);
}
