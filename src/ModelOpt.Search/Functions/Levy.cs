using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Levy in any dimension on [-10, 10]^n: many local minima, the global one 0 at (1, …, 1).</summary>
public sealed class Levy(int dimensions = 6) : ITestFunction
{
    public string Name => "levy";
    public double KnownMinimum => 0;
    public SearchSpace Space { get; } = TestFunctions.Box(dimensions, -10, 10);

    public double Evaluate(Config config)
    {
        double W(int i) => 1 + (config.GetDouble($"x{i}") - 1) / 4;
        var first = Math.Sin(Math.PI * W(0));
        var sum = first * first;
        for (var i = 0; i < dimensions - 1; i++)
        {
            var w = W(i);
            var s = Math.Sin(Math.PI * w + 1);
            sum += (w - 1) * (w - 1) * (1 + 10 * s * s);
        }
        var last = W(dimensions - 1);
        var t = Math.Sin(2 * Math.PI * last);
        return sum + (last - 1) * (last - 1) * (1 + t * t);
    }
}
