namespace ModelOpt.Search;

public enum ObjectiveMode { Min, Max }

/// <summary>The metric a search optimizes and its direction.</summary>
public sealed record Objective(string Metric, ObjectiveMode Mode)
{
    /// <summary>The value in minimization form: algorithms that minimize internally use this.</summary>
    public double ToLoss(double value) => Mode == ObjectiveMode.Min ? value : -value;

    public double FromLoss(double loss) => Mode == ObjectiveMode.Min ? loss : -loss;

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/>.</summary>
    public bool IsBetter(double a, double b) => Mode == ObjectiveMode.Min ? a < b : a > b;
}
