using System.Text.RegularExpressions;
using ModelOpt.Search;

namespace ModelOpt.Training.Techniques.MultiTask;

/// <summary>
/// <c>workload.tasks</c>: a list of at least two tasks, <c>{name, labels, objectiveWeight}</c>. The first task is
/// the primary one: its labels must be <c>y</c>, the data set's own, and it is what <c>val_accuracy</c>, the confusion
/// matrix and checkpoints judge. The others are extra heads on the same trunk.
/// </summary>
public static partial class MultiTaskOptions
{
    public const string MetricPrefix = "val_";
    public const string WeightedAccuracy = "val_weighted_accuracy";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex NamePattern();

    /// <summary>The tasks, or null when absent. Problems are recorded on <paramref name="workload"/> with their paths.</summary>
    public static IReadOnlyList<TaskDefinition>? Read(AlgorithmOptions workload)
    {
        var items = workload.List("tasks");
        if (items is null) return null;
        if (items.Count < 2) workload.AddError("tasks", $"needs at least two tasks (the first is the data set's own labels), got {items.Count}");
        var tasks = new List<TaskDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"tasks[{i}]";
            if (items[i] is not IReadOnlyDictionary<string, object?> map)
            {
                workload.AddError(path, "must be a mapping with a name and labels");
                continue;
            }
            var item = new AlgorithmOptions(path, map);
            if (Read(item, i, names) is { } task) tasks.Add(task);
            foreach (var error in item.Errors) workload.AddError(error.Path, error.Message);
        }
        return tasks;
    }

    private static TaskDefinition? Read(AlgorithmOptions item, int index, HashSet<string> earlierNames)
    {
        var name = item.OptionalString("name");
        var labelsText = item.String("labels", "y");
        var weight = item.Double("objectiveWeight", 1, 0, 1e6);
        item.RejectUnknown();
        var labels = LabelRule.TryParse(labelsText, out var problem);
        if (problem is not null) item.AddError("labels", problem);
        if (index == 0 && labels is { IsIdentity: false })
            item.AddError("labels", $"the first task is the primary one, scored against the data set's labels; its labels must be 'y', got '{labelsText}'");
        if (name is null) item.AddError("name", "required");
        else if (!NamePattern().IsMatch(name)) item.AddError("name", $"must be 1 to 32 characters of a-z, 0-9 and '_', starting with a letter, got '{name}'");
        else if (!earlierNames.Add(name)) item.AddError("name", $"'{name}' names an earlier task too");
        else if (name is "robust" or "weighted") item.AddError("name", $"'{name}' is reserved (val_{name}_... metrics mean something else)");
        return name is null || labels is null || item.Errors.Count > 0 ? null : new TaskDefinition(name, labels, weight);
    }
}
