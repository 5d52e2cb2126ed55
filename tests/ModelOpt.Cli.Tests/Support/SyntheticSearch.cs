using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>
/// Searches built by hand: trial i has lr, units and activation from i; every third trial is stopped at epoch 2, trial
/// 5 (if any) failed, the rest completed after <see cref="Epochs"/> epochs; accuracy rises with units. The best trial
/// carries a 3-class confusion matrix artifact. With <c>pareto</c>, the front of accuracy against the
/// <c>parameters</c> metric is marked.
/// </summary>
public static class SyntheticSearch
{
    public const int Epochs = 6;
    public const string ConfusionCsv = "actual\\predicted,cat,dog,owl\ncat,50,3,1\ndog,4,45,2\nowl,0,1,60\n";

    public static SearchInfo Of(int trials, SearchStatus status = SearchStatus.Finished, int running = 0, bool pareto = false)
    {
        var list = Enumerable.Range(1, trials).Select(i => Trial(i, i > trials - running)).ToList();
        var best = list.Where(t => t.Status == TrialStatus.Completed).MaxBy(t => t.Objective);
        list = [.. list.Select(t => t.TrialId == best?.TrialId ? t with { Artifacts = BestArtifacts } : t)];
        ObjectiveInfo[] objectives = pareto
            ? [new("accuracy", ObjectiveMode.Max), new("parameters", ObjectiveMode.Min)]
            : [new("accuracy", ObjectiveMode.Max)];
        return new SearchInfo("s-test", "synthetic", status, status == SearchStatus.Finished ? "budget used" : null,
            DateTimeOffset.UnixEpoch, status == SearchStatus.Finished ? DateTimeOffset.UnixEpoch.AddMinutes(3) : null,
            "accuracy", ObjectiveMode.Max, objectives, trials + 2, Epochs, best?.TrialId, pareto ? Front(list) : [], list);
    }

    private static readonly Dictionary<string, string> BestArtifacts = new()
    {
        ["confusion_matrix"] = ConfusionCsv,
        ["confusion_matrix_split"] = "validation",
        ["best_checkpoint"] = "/ckpt/best.pt",
    };

    public static TrialInfo Trial(int i, bool running = false)
    {
        var config = new Dictionary<string, ConfigValue>
        {
            ["activation"] = ConfigValue.String(i % 2 == 0 ? "relu" : "tanh"),
            ["lr"] = ConfigValue.Float(1e-4 * Math.Pow(10, i % 4)),
            ["units"] = ConfigValue.Int(16 * i),
        };
        var status = running ? TrialStatus.Running : i == 5 ? TrialStatus.Failed : i % 3 == 0 ? TrialStatus.Stopped : TrialStatus.Completed;
        var epochs = status switch { TrialStatus.Stopped => 2, TrialStatus.Failed => 1, TrialStatus.Running => 3, _ => Epochs };
        var curve = Enumerable.Range(1, epochs).Select(e => new EpochInfo(e, new Dictionary<string, double>
        {
            ["accuracy"] = Accuracy(i, e),
            ["parameters"] = Parameters(i),
        }, 1.5)).ToList();
        var ended = status is TrialStatus.Completed or TrialStatus.Stopped;
        var metrics = status == TrialStatus.Completed ? new Dictionary<string, double> { ["accuracy"] = Accuracy(i, epochs), ["parameters"] = Parameters(i) } : null;
        var started = DateTimeOffset.UnixEpoch.AddSeconds(10 * i);
        return new TrialInfo($"t{i:000}", status, config, 1, epochs, ended ? Accuracy(i, epochs) : null, metrics,
            status == TrialStatus.Failed ? "non_finite_loss" : null,
            status switch { TrialStatus.Stopped => "asha: below the rung-1 cutoff", TrialStatus.Failed => "loss is NaN at step 12", _ => null },
            "akka.tcp://modelopt@10.0.0.7:4053", "cpu:0", started, running ? null : started.AddSeconds(1.5 * epochs), curve);
    }

    /// <summary>Model sizes that do not grow with accuracy, so some trials are dominated.</summary>
    private static double Parameters(int trial) => 1000 * (1 + trial * 5 % 11);

    /// <summary>The completed trials no other completed trial beats on both accuracy (max) and parameters (min).</summary>
    private static List<string> Front(List<TrialInfo> trials)
    {
        var completed = trials.Where(t => t.Status == TrialStatus.Completed).Select(t => (t.TrialId, Acc: t.Objective!.Value, Size: t.Metrics!["parameters"])).ToList();
        return [.. completed.Where(a => !completed.Any(b => b.Acc >= a.Acc && b.Size <= a.Size && (b.Acc > a.Acc || b.Size < a.Size))).Select(a => a.TrialId)];
    }

    private static double Accuracy(int trial, int epoch) => 0.5 + 0.4 * (1 - Math.Exp(-epoch / 2.0)) * (0.5 + 0.5 * trial / (trial + 4.0));
}
