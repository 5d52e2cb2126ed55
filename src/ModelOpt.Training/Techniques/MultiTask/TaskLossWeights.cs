using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Techniques.MultiTask;

/// <summary>
/// The loss weight of each task from the trial configuration, <c>taskWeight_&lt;name&gt;</c> (default 1, ≥ 0), so the
/// search can tune them. A weight that is not a number ≥ 0, or all weights 0, is a <see cref="FailureKind.BadConfig"/>.
/// </summary>
public static class TaskLossWeights
{
    public static double[] FromConfig(Config config, IReadOnlyList<TaskDefinition> tasks)
    {
        var weights = new double[tasks.Count];
        for (var t = 0; t < tasks.Count; t++)
        {
            var key = tasks[t].LossWeightKey;
            if (!config.TryGetValue(key, out var v)) { weights[t] = 1; continue; }
            var weight = v.IsNumeric ? v.AsDouble() : double.NaN;
            if (!(weight >= 0 && double.IsFinite(weight)))
                throw new TrialFailedException(FailureKind.BadConfig, $"config '{key}' is '{v}'; it must be a number ≥ 0");
            weights[t] = weight;
        }
        if (weights.All(w => w == 0))
            throw new TrialFailedException(FailureKind.BadConfig, $"every task loss weight ({string.Join(", ", tasks.Select(t => t.LossWeightKey))}) is 0: nothing would be trained");
        return weights;
    }
}
