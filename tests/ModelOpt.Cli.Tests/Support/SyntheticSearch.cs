using System.Collections.Immutable;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>
/// Search snapshots built by hand: trial i has lr, units and activation from i; every third trial is stopped at epoch
/// 2, trial 5 (if any) failed, the rest completed after <see cref="Epochs"/> epochs; accuracy rises with units. The
/// best trial carries a 3-class confusion matrix artifact. With <c>pareto</c>, the front of accuracy against the
/// <c>parameters</c> metric is marked.
/// </summary>
public static class SyntheticSearch
{
    public const int Epochs = 6;
    public const string ConfusionCsv = "actual\\predicted,cat,dog,owl\ncat,50,3,1\ndog,4,45,2\nowl,0,1,60\n";

    public static SearchSnapshot Of(int trials, SearchStatus status = SearchStatus.Finished, int running = 0, bool pareto = false)
    {
        var list = Enumerable.Range(1, trials).Select(i => Trial(i, i > trials - running)).ToList();
        var best = list.Where(t => t.Phase == TrialPhase.Completed).MaxBy(t => t.Objective);
        list = [.. list.Select(t => t.Id == best?.Id ? t with { Artifacts = BestArtifacts } : t)];
        return new SearchSnapshot("s-test", "synthetic", status, status == SearchStatus.Finished ? "budget used" : null,
            DateTimeOffset.UnixEpoch, status == SearchStatus.Finished ? DateTimeOffset.UnixEpoch.AddMinutes(3) : null,
            "accuracy", ObjectiveMode.Max, trials + 2, list, best?.Id)
        {
            MaxEpochsPerTrial = Epochs,
            ParetoTrialIds = pareto ? Front(list) : [],
        };
    }

    private static readonly Dictionary<string, string> BestArtifacts = new()
    {
        ["confusion_matrix"] = ConfusionCsv,
        ["confusion_matrix_split"] = "validation",
        ["best_checkpoint"] = "/ckpt/best.pt",
    };

    public static TrialSnapshot Trial(int i, bool running = false)
    {
        var config = new Config(new Dictionary<string, ParameterValue>
        {
            ["lr"] = ParameterValue.Float(1e-4 * Math.Pow(10, i % 4)),
            ["units"] = ParameterValue.Int(16 * i),
            ["activation"] = ParameterValue.String(i % 2 == 0 ? "relu" : "tanh"),
        });
        var phase = running ? TrialPhase.Running : i == 5 ? TrialPhase.Failed : i % 3 == 0 ? TrialPhase.Stopped : TrialPhase.Completed;
        var epochs = phase switch { TrialPhase.Stopped => 2, TrialPhase.Failed => 1, TrialPhase.Running => 3, _ => Epochs };
        var curve = Enumerable.Range(1, epochs).Select(e => new EpochReport(e, new Dictionary<string, double>
        {
            ["accuracy"] = Accuracy(i, e),
            ["parameters"] = Parameters(i),
        }, 1.5)).ToImmutableList();
        var ended = phase is TrialPhase.Completed or TrialPhase.Stopped;
        var metrics = phase == TrialPhase.Completed ? new Dictionary<string, double> { ["accuracy"] = Accuracy(i, epochs), ["parameters"] = Parameters(i) } : null;
        return new TrialSnapshot($"t{i:000}", config, phase, 1, epochs, ended ? Accuracy(i, epochs) : null, metrics,
            phase == TrialPhase.Failed ? FailureKind.NonFiniteLoss : null,
            phase switch { TrialPhase.Stopped => "asha: below the rung-1 cutoff", TrialPhase.Failed => "loss is NaN at step 12", _ => null },
            "node-a", "cpu:0", curve);
    }

    /// <summary>Model sizes that do not grow with accuracy, so some trials are dominated.</summary>
    private static double Parameters(int trial) => 1000 * (1 + trial * 5 % 11);

    /// <summary>The completed trials no other completed trial beats on both accuracy (max) and parameters (min).</summary>
    private static List<string> Front(List<TrialSnapshot> trials)
    {
        var completed = trials.Where(t => t.Phase == TrialPhase.Completed).Select(t => (t.Id, Acc: t.Objective!.Value, Size: t.Metrics!["parameters"])).ToList();
        return [.. completed.Where(a => !completed.Any(b => b.Acc >= a.Acc && b.Size <= a.Size && (b.Acc > a.Acc || b.Size < a.Size))).Select(a => a.Id)];
    }

    private static double Accuracy(int trial, int epoch) => 0.5 + 0.4 * (1 - Math.Exp(-epoch / 2.0)) * (0.5 + 0.5 * trial / (trial + 4.0));
}
