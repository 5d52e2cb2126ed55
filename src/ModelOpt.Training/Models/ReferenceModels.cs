using ModelOpt.Search.Spaces;

namespace ModelOpt.Training.Models;

/// <summary>Configurations that build the reference MNIST models the training benchmarks measure.</summary>
public static class ReferenceModels
{
    /// <summary>784 → 256 → ReLU → 128 → ReLU → 10: 235,146 parameters on MNIST.</summary>
    public static Config MlpConfig { get; } = Make(
        ("family", ParameterValue.String("mlp")),
        ("depth", ParameterValue.Int(2)),
        ("layers[0].units", ParameterValue.Int(256)),
        ("layers[1].units", ParameterValue.Int(128)));

    /// <summary>conv 1→32 (3x3) → ReLU → max-pool → conv 32→64 (3x3) → ReLU → max-pool → 3136 → 128 → ReLU → 10: 421,642 parameters on MNIST.</summary>
    public static Config CnnConfig { get; } = Make(
        ("family", ParameterValue.String("cnn")),
        ("depth", ParameterValue.Int(2)),
        ("blocks[0].channels", ParameterValue.Int(32)),
        ("blocks[1].channels", ParameterValue.Int(64)),
        ("kernel", ParameterValue.Int(3)),
        ("pool", ParameterValue.String("max")),
        ("headUnits", ParameterValue.Int(128)));

    private static Config Make(params (string Key, ParameterValue Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, v.Value)));
}
