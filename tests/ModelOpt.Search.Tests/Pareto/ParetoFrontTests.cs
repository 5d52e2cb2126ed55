using ModelOpt.Search.Pareto;
using Xunit;

namespace ModelOpt.Search.Tests.Pareto;

public class ParetoFrontTests
{
    private static readonly ObjectiveMode[] MaxAccuracyMinParameters = [ObjectiveMode.Max, ObjectiveMode.Min];

    private static IReadOnlyList<string> Front(ObjectiveMode[] modes, params (string Id, double[] Values)[] points) =>
        ParetoFront.Compute([.. points.Select(p => (p.Id, (IReadOnlyList<double>)p.Values))], modes);

    [Fact]
    public void Accuracy_up_and_parameters_down_keeps_the_trade_off_points()
    {
        var front = Front(MaxAccuracyMinParameters,
            ("small", [0.90, 1_000]),
            ("medium", [0.95, 10_000]),
            ("large", [0.97, 100_000]),
            ("bloated", [0.95, 50_000]),   // medium is as accurate and smaller
            ("weak", [0.80, 5_000]));      // small is more accurate and smaller
        Assert.Equal(["small", "medium", "large"], front);
    }

    [Fact]
    public void Equal_points_do_not_dominate_each_other()
    {
        var front = Front(MaxAccuracyMinParameters, ("a", [0.9, 10]), ("b", [0.9, 10]), ("c", [0.8, 10]));
        Assert.Equal(["a", "b"], front);
    }

    [Fact]
    public void A_tie_in_one_objective_is_decided_by_the_other()
    {
        var front = Front(MaxAccuracyMinParameters, ("a", [0.9, 10]), ("b", [0.9, 20]), ("c", [0.95, 20]));
        Assert.Equal(["a", "c"], front);
    }

    [Fact]
    public void Both_minimized_and_both_maximized()
    {
        Assert.Equal(["a", "b"], Front([ObjectiveMode.Min, ObjectiveMode.Min], ("a", [1, 5]), ("b", [2, 3]), ("c", [2, 5])));
        Assert.Equal(["c"], Front([ObjectiveMode.Max, ObjectiveMode.Max], ("a", [1, 5]), ("b", [2, 3]), ("c", [2, 5])));
    }

    [Fact]
    public void One_objective_gives_the_best_points()
    {
        Assert.Equal(["b", "c"], Front([ObjectiveMode.Min], ("a", [3]), ("b", [1]), ("c", [1])));
        Assert.Empty(Front([ObjectiveMode.Min]));
    }

    [Fact]
    public void Trials_missing_a_metric_or_with_a_non_finite_value_are_left_out()
    {
        var objective = new Objective("val_accuracy", ObjectiveMode.Max) { Also = [new Objective("parameters", ObjectiveMode.Min)] };
        var trials = new (string, IReadOnlyDictionary<string, double>?)[]
        {
            ("t1", new Dictionary<string, double> { ["val_accuracy"] = 0.9, ["parameters"] = 100 }),
            ("t2", new Dictionary<string, double> { ["val_accuracy"] = 0.99 }),
            ("t3", new Dictionary<string, double> { ["val_accuracy"] = double.NaN, ["parameters"] = 1 }),
            ("t4", null),
            ("t5", new Dictionary<string, double> { ["val_accuracy"] = 0.95, ["parameters"] = 1000 }),
            ("t6", new Dictionary<string, double> { ["val_accuracy"] = 0.85, ["parameters"] = 1000 }),
        };
        Assert.Equal(["t1", "t5"], ParetoFront.Of(objective, trials));
    }

    [Fact]
    public void Points_must_have_a_value_per_objective() =>
        Assert.Throws<ArgumentException>(() => Front(MaxAccuracyMinParameters, ("a", [1])));
}
