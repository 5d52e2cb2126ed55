using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Michalewicz (steepness m = 10) in 5 dimensions on [0, π]^5: narrow valleys; global minimum −4.687658.</summary>
public sealed class Michalewicz : ITestFunction
{
    private const int Dimensions = 5;

    public string Name => "michalewicz";
    public double KnownMinimum => -4.687658179;
    public SearchSpace Space { get; } = TestFunctions.Box(Dimensions, 0, Math.PI);

    public double Evaluate(Config config)
    {
        var sum = 0.0;
        for (var i = 0; i < Dimensions; i++)
        {
            var x = config.GetDouble($"x{i}");
            sum += Math.Sin(x) * Math.Pow(Math.Sin((i + 1) * x * x / Math.PI), 20);
        }
        return -sum;
    }
}
