using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Functions;

/// <summary>
/// Rosenbrock 4-D on [-2, 2] with mixed parameter kinds: x0 and x1 floats, x2 an integer, and x3 replaced by a
/// categorical <c>shift</c> of five labels, each standing for a value of x3 (their order says nothing about the
/// values). Global minimum 0 at x0 = x1 = x2 = 1 and shift <c>c</c> (x3 = 1).
/// </summary>
public sealed class MixedRosenbrock : ITestFunction
{
    private static readonly Dictionary<string, double> Shifts = new(StringComparer.Ordinal)
    {
        ["a"] = -1.5, ["b"] = 2.0, ["c"] = 1.0, ["d"] = 0.0, ["e"] = 0.5,
    };

    public string Name => "mixed-rosenbrock";
    public double KnownMinimum => 0;
    public SearchSpace Space { get; } = new([
        new ParameterDefinition("x0", new FloatDomain(-2, 2)),
        new ParameterDefinition("x1", new FloatDomain(-2, 2)),
        new ParameterDefinition("x2", new IntDomain(-2, 2)),
        new ParameterDefinition("shift", new CategoricalDomain([.. Shifts.Keys.Select(ParameterValue.String)])),
    ]);

    public double Evaluate(Config config) => Rosenbrock.Evaluate(
        [config.GetDouble("x0"), config.GetDouble("x1"), config.GetInt("x2"), Shifts[config.GetString("shift")]]);
}
