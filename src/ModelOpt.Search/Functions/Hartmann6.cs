using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Hartmann 6-D on [0,1]^6; global minimum −3.32237.</summary>
public sealed class Hartmann6 : ITestFunction
{
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };
    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    public string Name => "hartmann6";
    public double KnownMinimum => -3.32236801141551;
    public SearchSpace Space { get; } = TestFunctions.Box(6, 0, 1);

    public double Evaluate(Config config) => Evaluate(Enumerable.Range(0, 6).Select(i => config.GetDouble($"x{i}")).ToArray());

    public static double Evaluate(IReadOnlyList<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 6; j++) inner += A[i, j] * (x[j] - P[i, j]) * (x[j] - P[i, j]);
            sum += Alpha[i] * Math.Exp(-inner);
        }
        return -sum;
    }
}
