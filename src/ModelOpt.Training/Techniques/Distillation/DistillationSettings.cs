using ModelOpt.Search.Spaces;

namespace ModelOpt.Training.Techniques.Distillation;

/// <summary>The searchable distillation keys of a trial's configuration: <c>distillTemperature</c> (&gt; 0, default 4) and <c>distillAlpha</c> ([0, 1], default 0.5).</summary>
public sealed record DistillationSettings(double Temperature, double Alpha)
{
    public const string TemperatureKey = "distillTemperature";
    public const string AlphaKey = "distillAlpha";

    public static DistillationSettings FromConfig(Config config) => new(
        ConfigValues.Number(config, TemperatureKey, 4, double.Epsilon, 1000, false, "distillation"),
        ConfigValues.Number(config, AlphaKey, 0.5, 0, 1, false, "distillation"));
}
