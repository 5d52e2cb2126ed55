using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>
/// Simulated validation-accuracy curves for scheduler tests and benchmarks, deterministic per (configuration, seed).
/// The learning rate <c>lr</c> sets both the final accuracy (best near 3e-3) and the speed: small rates start slow but
/// finish high, large rates rise fast and plateau low — the trade-off early stopping must get right. Optional
/// <c>width</c> (int) and <c>dropout</c> (float) shift the final accuracy a little; other parameters are ignored.
/// </summary>
public sealed class LearningCurveSimulator(double noise = 0.004)
{
    private const double Chance = 0.1;

    /// <summary>A space the simulator reads fully.</summary>
    public static SearchSpace Space { get; } = new([
        new ParameterDefinition("lr", new FloatDomain(1e-4, 1, Log: true)),
        new ParameterDefinition("width", new IntDomain(16, 512, Log: true)),
        new ParameterDefinition("dropout", new FloatDomain(0, 0.6)),
    ]);

    public double FinalAccuracy(Config config)
    {
        var logLr = Math.Log10(config.GetDouble("lr"));
        var final = 0.97 - 0.06 * Math.Pow(logLr + 2.5, 2);
        if (config.TryGetValue("width", out var width)) final += 0.02 * Math.Clamp((Math.Log2(width.AsDouble()) - 6) / 3, -1, 1);
        if (config.TryGetValue("dropout", out var dropout)) final -= 0.1 * Math.Pow(dropout.AsDouble() - 0.2, 2);
        return Math.Clamp(final, Chance, 0.995);
    }

    /// <summary>Epochs to close 63% of the gap from chance to the final accuracy.</summary>
    public static double TimeConstant(Config config) => Math.Clamp(2 + 0.5 * (-Math.Log10(config.GetDouble("lr")) - 2), 0.5, 4);

    /// <summary>Accuracy after each of epochs 1..<paramref name="epochs"/>.</summary>
    public double[] Curve(Config config, int epochs, ulong seed)
    {
        var final = FinalAccuracy(config);
        var tau = TimeConstant(config);
        var random = DeterministicRandom.Derive(seed, "curve/" + config);
        var curve = new double[epochs];
        for (var e = 1; e <= epochs; e++)
            curve[e - 1] = Math.Clamp(final - (final - Chance) * Math.Exp(-e / tau) + random.Normal(0, noise), 0, 1);
        return curve;
    }
}
