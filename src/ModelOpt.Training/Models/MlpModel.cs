using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>
/// A multilayer perceptron: flatten, then <c>depth</c> hidden layers (linear, norm, activation, dropout), then the
/// classifier. Widths come from <c>layers[i].units</c>, falling back to <c>units</c> (128).
/// </summary>
public sealed class MlpModel : LayerChain
{
    public const string Family = "mlp";

    public MlpModel(ModelConfig config, long[] sampleShape, int numClasses) : base(Family)
    {
        var depth = config.Int(2, 1, "depth");
        var norm = Normalization.Read(config);
        var dropout = config.Double(0, 0, 1, "dropout");
        var width = sampleShape.Aggregate(1L, (a, b) => a * b);
        Add(nn.Flatten());
        for (var i = 0; i < depth; i++)
        {
            var units = config.Int(128, 1, $"layers[{i}].units", "units");
            Add(nn.Linear(width, units));
            Add(Normalization.Dense(norm, units));
            Add(Activations.Read(config, $"layers[{i}].activation"));
            if (dropout > 0) Add(nn.Dropout(dropout));
            width = units;
        }
        Add(nn.Linear(width, numClasses));
        RegisterComponents();
    }
}
