using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Branin-Hoo on x0 ∈ [-5, 10], x1 ∈ [0, 15]; three global minima of 0.397887.</summary>
public sealed class Branin : ITestFunction
{
    public string Name => "branin";
    public double KnownMinimum => 0.397887357729739;
    public SearchSpace Space { get; } = new([
        new ParameterDefinition("x0", new FloatDomain(-5, 10)),
        new ParameterDefinition("x1", new FloatDomain(0, 15)),
    ]);

    public double Evaluate(Config config) => Evaluate(config.GetDouble("x0"), config.GetDouble("x1"));

    public static double Evaluate(double x, double y)
    {
        const double a = 1, r = 6, s = 10;
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        var q = y - b * x * x + c * x - r;
        return a * q * q + s * (1 - t) * Math.Cos(x) + s;
    }
}
