using System.Text.RegularExpressions;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.MixedPrecision;
using ModelOpt.Training.Techniques;
using ModelOpt.Training.Techniques.Adversarial;
using ModelOpt.Training.Techniques.MultiTask;
using ModelOpt.Training.Techniques.Distillation;
using ModelOpt.Training.Techniques.Pruning;

namespace ModelOpt.Training.Workloads;

/// <summary>
/// What a spec must agree on with its torch workload's options: every objective names a metric the workload reports
/// (robust metrics need <c>workload.robustness</c>, task metrics <c>workload.tasks</c>, test metrics a test split,
/// fold metrics k-fold), task loss weights in the space name defined tasks, and technique keys in the space take
/// values the trial accepts. A technique that adds metrics adds
/// their names to <see cref="Reports"/>.
/// </summary>
internal static partial class TorchSpecCheck
{
    private static readonly string[] Classification = ["loss", "accuracy", "precision", "recall", "f1"];

    [GeneratedRegex(@"^fold(\d+)_(.+)$")]
    private static partial Regex FoldMetric();

    public static IEnumerable<SpecError> Check(TorchWorkloadOptions options, SearchSpace space, Objective objective)
    {
        var objectives = objective.All;
        for (var i = 0; i < objectives.Count; i++)
        {
            var path = i == 0 ? "objective.metric" : $"objective.also[{i - 1}].metric";
            if (Problem(options, objectives[i].Metric) is { } problem) yield return new SpecError(path, problem);
        }
        foreach (var error in TechniqueSpaceCheck.Check(space)) yield return error;
        if (space.Parameters.FirstOrDefault(p => p.Name == NumericPrecisions.ConfigKey) is { } precision)
            foreach (var error in CheckPrecision(options, precision)) yield return error;
        foreach (var parameter in space.Parameters.Where(p => p.Name.StartsWith("taskWeight_", StringComparison.Ordinal)))
        {
            var task = parameter.Name["taskWeight_".Length..];
            if (options.Tasks is null)
                yield return new SpecError($"space.{parameter.Name}", "task loss weights need workload.tasks");
            else if (options.Tasks.All(t => t.Name != task))
                yield return new SpecError($"space.{parameter.Name}", $"no task named '{task}'; tasks: {string.Join(", ", options.Tasks.Select(t => t.Name))}");
        }
    }

    /// <summary>Every value the space gives <c>precision</c> is a known one, and fp16 is not asked of a workload pinned to the CPU.</summary>
    private static IEnumerable<SpecError> CheckPrecision(TorchWorkloadOptions options, ParameterDefinition parameter)
    {
        var path = $"space.{parameter.Name}";
        if (parameter.Domain is not (CategoricalDomain or ConstantDomain))
        {
            yield return new SpecError(path, $"precision is chosen from {string.Join(", ", NumericPrecisions.Names.Keys)}: make it a categorical or a constant");
            yield break;
        }
        foreach (var value in NumberRule.Values(parameter.Domain).Select(v => v.ToString()))
        {
            if (!NumericPrecisions.Names.TryGetValue(value, out var precision))
                yield return new SpecError(path, $"'{value}' is not a precision; precision takes {string.Join(", ", NumericPrecisions.Names.Keys)}");
            else if (precision == NumericPrecision.Fp16 && options.Device == "cpu")
                yield return new SpecError(path, "fp16 needs a CUDA GPU but workload.device is cpu; use bf16 on the CPU");
        }
    }

    /// <summary>Whether the workload reports <paramref name="metric"/> (after some epoch or in the trial result).</summary>
    public static bool Reports(TorchWorkloadOptions options, string metric) => Problem(options, metric) is null;

    private static string? Problem(TorchWorkloadOptions options, string metric)
    {
        var kfold = options.Evaluation == EvaluationMode.KFold;
        if (kfold && FoldMetric().Match(metric) is { Success: true } fold)
            return int.Parse(fold.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= options.Folds
                ? $"there are {options.Folds} folds (fold0 … fold{options.Folds - 1}), so '{metric}' is never reported"
                : Problem(options, fold.Groups[2].Value);
        if (kfold && metric.EndsWith("_std", StringComparison.Ordinal)) return Problem(options, metric[..^"_std".Length]);
        if (kfold && metric == "folds") return null;

        if (metric is RobustAccuracyHook.Accuracy or RobustAccuracyHook.Loss)
            return options.Robustness is null ? $"'{metric}' is measured under workload.robustness (e.g. robustness: {{attack: fgsm, epsilon: 0.1}}), which is not set" : null;
        if (metric == MultiTaskOptions.WeightedAccuracy || (options.Tasks is null && IsTaskMetric(metric)))
            return options.Tasks is null ? $"'{metric}' is a multi-task metric and needs workload.tasks" : null;
        if (metric.StartsWith("test_", StringComparison.Ordinal) && !HasTestSplit(options))
            return $"'{metric}' needs a test split (workload.testFraction or testCount)";

        var known = KnownMetrics(options);
        return known.Contains(metric) ? null : $"the torch workload does not report '{metric}'; it reports {string.Join(", ", known.Order(StringComparer.Ordinal))}";
    }

    private static HashSet<string> KnownMetrics(TorchWorkloadOptions options)
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            MetricNames.TrainLoss, MetricNames.LearningRate, MetricNames.SamplesPerSecond, MetricNames.EpochSeconds, "parameters",
        };
        if (options.Techniques?.Pruning is not null)
            known.UnionWith([PruningHook.SparsityMetric, PruningHook.NonZeroMetric, PruningHook.BeforeMetric, PruningHook.AfterMetric,
                TrialTechniques.SparseBytesMetric, TrialTechniques.DenseBytesMetric]);
        if (options.Techniques?.Distillation is not null) known.Add(DistillationHook.TeacherAccuracyMetric);
        var prefixes = new List<string> { "val", "test" };
        if (options.Tasks is { } tasks) prefixes.AddRange(tasks.Select(t => $"val_{t.Name}"));
        foreach (var prefix in prefixes)
            foreach (var name in Classification)
                known.Add($"{prefix}_{name}");
        return known;
    }

    private static bool IsTaskMetric(string metric) =>
        metric.StartsWith("val_", StringComparison.Ordinal) && Classification.Any(c => metric.EndsWith($"_{c}", StringComparison.Ordinal)) &&
        metric.Count(c => c == '_') >= 2 && !metric.StartsWith("val_robust_", StringComparison.Ordinal);

    private static bool HasTestSplit(TorchWorkloadOptions options) =>
        options.Dataset.Sizes.TestCount is > 0 || (options.Dataset.Sizes.TestCount is null && options.Dataset.Sizes.TestFraction > 0);
}
