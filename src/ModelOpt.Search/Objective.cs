namespace ModelOpt.Search;

public enum ObjectiveMode { Min, Max }

/// <summary>The metric a search optimizes and its direction.</summary>
public sealed record Objective(string Metric, ObjectiveMode Mode)
{
    /// <summary>
    /// Further objectives of a multi-objective search (<c>objective.also</c>). Searchers and schedulers still optimize
    /// <see cref="Metric"/> alone; the search reports the Pareto front of its completed trials over all objectives.
    /// </summary>
    public IReadOnlyList<Objective> Also { get; init; } = [];

    public bool IsMultiObjective => Also.Count > 0;

    /// <summary>This objective's metric and mode followed by those of <see cref="Also"/>.</summary>
    public IReadOnlyList<Objective> All => [new Objective(Metric, Mode), .. Also];

    /// <summary>The value in minimization form: algorithms that minimize internally use this.</summary>
    public double ToLoss(double value) => Mode == ObjectiveMode.Min ? value : -value;

    public double FromLoss(double loss) => Mode == ObjectiveMode.Min ? loss : -loss;

    // Value equality over the further objectives too (a record would compare the list by reference).
    public bool Equals(Objective? other) =>
        other is not null && Metric == other.Metric && Mode == other.Mode && Also.SequenceEqual(other.Also);

    public override int GetHashCode() => Also.Aggregate(HashCode.Combine(Metric, Mode), HashCode.Combine);

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/>.</summary>
    public bool IsBetter(double a, double b) => Mode == ObjectiveMode.Min ? a < b : a > b;
}
