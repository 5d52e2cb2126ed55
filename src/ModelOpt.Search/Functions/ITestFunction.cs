using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>A synthetic objective with a known optimum, for tests and searcher-quality benchmarks (minimized).</summary>
public interface ITestFunction
{
    string Name { get; }
    SearchSpace Space { get; }
    double KnownMinimum { get; }
    double Evaluate(Config config);
}

public static class TestFunctions
{
    public static ITestFunction Create(string name, int dimensions = 2) => name switch
    {
        "branin" => new Branin(),
        "hartmann6" => new Hartmann6(),
        "rosenbrock" => new Rosenbrock(dimensions),
        _ => throw new ArgumentException($"unknown function '{name}'; known: branin, hartmann6, rosenbrock"),
    };

    internal static SearchSpace Box(int n, double low, double high) =>
        new(Enumerable.Range(0, n).Select(i => new ParameterDefinition($"x{i}", new FloatDomain(low, high))));
}
