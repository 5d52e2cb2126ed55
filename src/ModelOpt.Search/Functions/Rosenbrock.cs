using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Rosenbrock in any dimension ≥ 2 on [-2, 2]^n; global minimum 0 at (1, …, 1).</summary>
public sealed class Rosenbrock : ITestFunction
{
    private readonly int _n;

    public Rosenbrock(int dimensions = 2)
    {
        if (dimensions < 2) throw new ArgumentOutOfRangeException(nameof(dimensions), "Rosenbrock needs at least 2 dimensions");
        _n = dimensions;
        Space = TestFunctions.Box(dimensions, -2, 2);
    }

    public string Name => "rosenbrock";
    public double KnownMinimum => 0;
    public SearchSpace Space { get; }

    public double Evaluate(Config config) => Evaluate(Enumerable.Range(0, _n).Select(i => config.GetDouble($"x{i}")).ToArray());

    public static double Evaluate(IReadOnlyList<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Count - 1; i++)
            sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return sum;
    }
}
