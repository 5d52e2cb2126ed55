using System.Diagnostics;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Benchmarks.Techniques;

/// <summary>
/// The measured effect of the training techniques on the shipped MNIST subset (8,000 train / 2,000 validation), each
/// setting against the same MLP trained without it, averaged over seeds:
/// <list type="bullet">
/// <item>adversarial: plain vs FGSM- and PGD-trained, clean val_accuracy and val_robust_accuracy under FGSM (or a
/// 10-step PGD with <c>--attack pgd</c>) at the same ε;</item>
/// <item>multitask: digit accuracy of a single-task model vs one with parity and "≥ 5" heads on the same trunk;</item>
/// <item>regularization: val_accuracy and val_loss with label smoothing and with dropout.</item>
/// </list>
/// </summary>
public sealed class TrainingTechniquesBenchmark : IBenchmark
{
    public string Name => "techniques-training";
    public string Usage => "[--part adversarial|multitask|regularization|all] [--epochs 3] [--seeds 2] [--epsilon 0.1] [--attack fgsm|pgd] [--units 128] [--threads 1]";

    private sealed record Setting(string Technique, string Name, (string Key, object Value)[] Config, Dictionary<string, object?> Workload, string[] Metrics);

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var part = args.String("part", "all");
        var epochs = args.Int("epochs", 3);
        var seeds = args.Int("seeds", 2);
        var epsilon = args.Double("epsilon", 0.1);
        var attack = args.String("attack", "fgsm");
        var units = args.Int("units", 128);
        var threads = args.Int("threads", 1);
        if (part is not ("adversarial" or "multitask" or "regularization" or "all"))
            throw new UsageException($"--part must be adversarial, multitask, regularization or all, got '{part}'");
        if (attack is not ("fgsm" or "pgd")) throw new UsageException($"--attack must be fgsm or pgd, got '{attack}'");

        var rows = new List<object>();
        foreach (var setting in Settings(part, epsilon, attack))
        {
            var clock = Stopwatch.StartNew();
            var perSeed = new List<IReadOnlyDictionary<string, double>>();
            for (var seed = 1; seed <= seeds; seed++)
                perSeed.Add(await RunTrial(setting, epochs, units, (ulong)seed, threads));
            rows.Add(new
            {
                technique = setting.Technique,
                setting = setting.Name,
                metrics = setting.Metrics.ToDictionary(m => m, m => Math.Round(perSeed.Average(r => r[m]), 4)),
                per_seed = setting.Metrics.ToDictionary(m => m, m => perSeed.Select(r => Math.Round(r[m], 4)).ToArray()),
                seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            });
        }
        return new { benchmark = Name, epochs, seeds, epsilon, robust_attack = attack == "pgd" ? "pgd, 10 steps" : "fgsm", model = $"mlp 2x{units}, adam lr 1e-3, batch 64", rows };
    }

    private static IEnumerable<Setting> Settings(string part, double epsilon, string attack)
    {
        var all = part == "all";
        if (all || part == "adversarial")
        {
            var robustAttack = new Dictionary<string, object?> { ["attack"] = attack, ["epsilon"] = epsilon };
            if (attack == "pgd") robustAttack["steps"] = 10L;
            var robust = new Dictionary<string, object?> { ["robustness"] = robustAttack };
            string[] metrics = ["val_accuracy", "val_robust_accuracy"];
            yield return new Setting("adversarial", "none", [], robust, metrics);
            yield return new Setting("adversarial", $"fgsm ε={epsilon} weight 0.5", [("adversarial", "fgsm"), ("advEpsilon", epsilon)], robust, metrics);
            yield return new Setting("adversarial", $"pgd ε={epsilon} 3 steps weight 0.5", [("adversarial", "pgd"), ("advEpsilon", epsilon), ("advSteps", 3L)], robust, metrics);
        }
        if (all || part == "multitask")
        {
            var tasks = new Dictionary<string, object?>
            {
                ["tasks"] = new List<object?>
                {
                    new Dictionary<string, object?> { ["name"] = "digit" },
                    new Dictionary<string, object?> { ["name"] = "parity", ["labels"] = "y % 2" },
                    new Dictionary<string, object?> { ["name"] = "high", ["labels"] = "y >= 5" },
                },
            };
            yield return new Setting("multitask", "digit only", [], [], ["val_accuracy"]);
            yield return new Setting("multitask", "digit + parity + high, weights 1", [], tasks, ["val_accuracy", "val_parity_accuracy", "val_high_accuracy"]);
        }
        if (all || part == "regularization")
        {
            string[] metrics = ["val_accuracy", "val_loss"];
            yield return new Setting("regularization", "none", [], [], metrics);
            yield return new Setting("regularization", "labelSmoothing 0.1", [("labelSmoothing", 0.1)], [], metrics);
            yield return new Setting("regularization", "dropout 0.3", [("dropout", 0.3)], [], metrics);
        }
    }

    private static async Task<IReadOnlyDictionary<string, double>> RunTrial(Setting setting, int epochs, int units, ulong seed, int threads)
    {
        var spec = new WorkloadSpec(TorchWorkload.Kind, new Dictionary<string, object?>(setting.Workload) { ["dataset"] = "mnist" });
        var options = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, options, ModelFactory.Build);
        options.ThrowIfInvalid();
        (string Key, object Value)[] common = [("family", "mlp"), ("depth", 2L), ("units", (long)units), ("optimizer", "adam"), ("lr", 1e-3), ("batchSize", 64L)];
        var config = new Config([.. common.Concat(setting.Config).Select(kv => KeyValuePair.Create(kv.Key, ParameterValue.FromObject(kv.Value)))]);
        var result = await workload.RunAsync(new TrialContext("techniques", setting.Name, config, epochs, seed, "cpu", threads), _ => { }, CancellationToken.None);
        return result.Metrics;
    }
}
