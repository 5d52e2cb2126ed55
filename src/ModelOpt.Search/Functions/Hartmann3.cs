using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>Hartmann 3-D on [0,1]^3; global minimum −3.86278.</summary>
public sealed class Hartmann3 : ITestFunction
{
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A = { { 3, 10, 30 }, { 0.1, 10, 35 }, { 3, 10, 30 }, { 0.1, 10, 35 } };
    private static readonly double[,] P =
    {
        { 0.3689, 0.1170, 0.2673 },
        { 0.4699, 0.4387, 0.7470 },
        { 0.1091, 0.8732, 0.5547 },
        { 0.0381, 0.5743, 0.8828 },
    };

    public string Name => "hartmann3";
    public double KnownMinimum => -3.86278214782076;
    public SearchSpace Space { get; } = TestFunctions.Box(3, 0, 1);

    public double Evaluate(Config config)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 3; j++)
            {
                var d = config.GetDouble($"x{j}") - P[i, j];
                inner += A[i, j] * d * d;
            }
            sum += Alpha[i] * Math.Exp(-inner);
        }
        return -sum;
    }
}
