using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Griewank in any dimension on [-600, 600]^n: a bowl covered in ripples; global minimum 0 at the origin.</summary>
public sealed class Griewank(int dimensions = 8) : ITestFunction
{
    public string Name => "griewank";
    public double KnownMinimum => 0;
    public SearchSpace Space { get; } = TestFunctions.Box(dimensions, -600, 600);

    public double Evaluate(Config config)
    {
        double sum = 0, product = 1;
        for (var i = 0; i < dimensions; i++)
        {
            var x = config.GetDouble($"x{i}");
            sum += x * x / 4000;
            product *= Math.Cos(x / Math.Sqrt(i + 1));
        }
        return sum - product + 1;
    }
}
