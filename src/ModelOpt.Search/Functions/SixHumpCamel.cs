using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Six-hump camel on x0 ∈ [-3, 3], x1 ∈ [-2, 2]; two global minima of −1.03163 among six local ones.</summary>
public sealed class SixHumpCamel : ITestFunction
{
    public string Name => "camel";
    public double KnownMinimum => -1.031628453489877;
    public SearchSpace Space { get; } = new([
        new ParameterDefinition("x0", new FloatDomain(-3, 3)),
        new ParameterDefinition("x1", new FloatDomain(-2, 2)),
    ]);

    public double Evaluate(Config config)
    {
        double x = config.GetDouble("x0"), y = config.GetDouble("x1");
        return (4 - 2.1 * x * x + x * x * x * x / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
    }
}
