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
    /// <summary>The functions of the searcher-quality suite (docs/benchmarks.md), by name.</summary>
    public static IReadOnlyList<string> Suite { get; } =
        ["branin", "hartmann6", "rosenbrock", "hartmann3", "camel", "levy", "griewank", "michalewicz", "mixed-rosenbrock"];

    /// <param name="dimensions">For Rosenbrock, Levy and Griewank; null for the suite's choice (2, 6 and 8).</param>
    public static ITestFunction Create(string name, int? dimensions = null) => name switch
    {
        "branin" => new Branin(),
        "hartmann6" => new Hartmann6(),
        "rosenbrock" => new Rosenbrock(dimensions ?? 2),
        "hartmann3" => new Hartmann3(),
        "camel" => new SixHumpCamel(),
        "levy" => new Levy(dimensions ?? 6),
        "griewank" => new Griewank(dimensions ?? 8),
        "michalewicz" => new Michalewicz(),
        "mixed-rosenbrock" => new MixedRosenbrock(),
        _ => throw new ArgumentException($"unknown function '{name}'; known: {string.Join(", ", Suite)}"),
    };

    internal static SearchSpace Box(int n, double low, double high) =>
        new(Enumerable.Range(0, n).Select(i => new ParameterDefinition($"x{i}", new FloatDomain(low, high))));
}
