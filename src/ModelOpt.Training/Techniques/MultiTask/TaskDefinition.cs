namespace ModelOpt.Training.Techniques.MultiTask;

/// <summary>
/// One task of a multi-task workload: its name (metrics <c>val_&lt;name&gt;_accuracy</c>, ...; loss weight
/// <c>taskWeight_&lt;name&gt;</c>), how its labels derive from the class id, and its weight in
/// <c>val_weighted_accuracy</c>.
/// </summary>
public sealed record TaskDefinition(string Name, LabelRule Labels, double ObjectiveWeight)
{
    public string LossWeightKey => $"taskWeight_{Name}";

    /// <summary>How many classes the task has when the data set has <paramref name="classes"/>.</summary>
    public int Classes(int classes) => (int)Labels.Table(classes).Max() + 1;
}
