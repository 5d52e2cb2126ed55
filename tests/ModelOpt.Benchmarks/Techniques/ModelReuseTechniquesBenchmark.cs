using System.Diagnostics;
using ModelOpt.Training.Checkpoints;

namespace ModelOpt.Benchmarks.Techniques;

/// <summary>
/// The measured effect of pruning, distillation and transfer on the shipped MNIST subset, each against the same
/// model trained without it for the same epochs, over a few seeds (docs/benchmarks/techniques-a.md):
/// <list type="bullet">
/// <item>pruning: MLP 784-256-128-10, 3 dense epochs, global one-shot pruning to <c>--sparsity</c>, 1 fine-tuning
/// epoch; against 4 dense epochs. Also the accuracy right before and after pruning and the exported file sizes.</item>
/// <item>distillation: a CNN teacher (<c>--teacher-channels</c> per conv, <c>--teacher-epochs</c>) and an MLP student
/// with <c>--student-units</c> hidden units, 4 epochs alone or with distillation (<c>--temperature</c>,
/// <c>--alpha</c>).</item>
/// <item>transfer: a CNN pretrained on digits 0-4 (3 epochs), then digits 5-9 with <c>--per-class</c> training
/// images per class for <c>--transfer-epochs</c>: from scratch, fine-tuned, with the conv blocks frozen, and with
/// everything but the new head frozen.</item>
/// </list>
/// </summary>
public sealed class ModelReuseTechniquesBenchmark : IBenchmark
{
    public string Name => "techniques-reuse";
    public string Usage => "[--technique all|pruning|distillation|transfer] [--seeds 3] [--threads 2] [--sparsity 0.9] [--student-units 32] [--teacher-epochs 8] [--teacher-channels 32] [--temperature 2] [--alpha 0.5] [--student-per-class 0 (all)] [--student-epochs 15] [--per-class 20] [--transfer-epochs 30]";

    private static readonly Dictionary<string, object?> Mnist = new() { ["dataset"] = "mnist" };
    private static readonly (string, object)[] Cnn = [("family", "cnn"), ("depth", 2L), ("channels", 16L), ("headUnits", 64L), ("lr", 1e-3), ("batchSize", 64L)];

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var technique = args.String("technique", "all");
        if (technique is not ("all" or "pruning" or "distillation" or "transfer")) throw new UsageException($"--technique must be all, pruning, distillation or transfer, got '{technique}'");
        var seeds = Enumerable.Range(1, args.Int("seeds", 3)).Select(s => (ulong)s).ToArray();
        using var trials = new TechniqueTrials(args.Int("threads", 2));
        var clock = Stopwatch.StartNew();
        var results = new Dictionary<string, object>();
        if (technique is "all" or "pruning") results["pruning"] = await Pruning(trials, seeds, args.Double("sparsity", 0.9));
        if (technique is "all" or "distillation") results["distillation"] = await Distillation(trials, seeds, args.Int("student-units", 32), args.Int("teacher-epochs", 8), args.Int("teacher-channels", 32), args.Double("temperature", 2), args.Double("alpha", 0.5), args.Int("student-per-class", 0), args.Int("student-epochs", 15));
        if (technique is "all" or "transfer") results["transfer"] = await Transfer(trials, seeds, args.Int("per-class", 20), args.Int("transfer-epochs", 30));
        return new { benchmark = Name, seeds = seeds.Length, results, seconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
    }

    private static async Task<object> Pruning(TechniqueTrials trials, ulong[] seeds, double sparsity)
    {
        (string, object)[] mlp = [("depth", 2L), ("layers[0].units", 256L), ("layers[1].units", 128L), ("lr", 1e-3), ("batchSize", 64L)];
        var pruning = new Dictionary<string, object?>(Mnist) { ["pruning"] = new Dictionary<string, object?> { ["scope"] = "global", ["fineTuneEpochs"] = 1L } };
        var dense = new List<double>();
        var pruned = new List<IReadOnlyDictionary<string, double>>();
        foreach (var seed in seeds)
        {
            dense.Add((await trials.Run($"dense-{seed}", 4, seed, Mnist, mlp))["val_accuracy"]);
            pruned.Add(await trials.Run($"pruned-{seed}", 4, seed, pruning, [.. mlp, ("sparsity", sparsity)]));
        }
        return new
        {
            setting = $"mlp 784-256-128-10, 3 epochs + global one-shot pruning to {sparsity} + 1 fine-tuning epoch vs 4 dense epochs",
            val_accuracy_without = Stats(dense),
            val_accuracy_with = Stats(pruned.Select(m => m["val_accuracy"])),
            val_accuracy_before_pruning = Stats(pruned.Select(m => m["val_accuracy_before_pruning"])),
            val_accuracy_after_pruning = Stats(pruned.Select(m => m["val_accuracy_after_pruning"])),
            sparsity = Math.Round(pruned[0]["sparsity"], 4),
            parameters = pruned[0]["parameters"],
            nonzero_parameters = pruned[0]["nonzero_parameters"],
            model_bytes = pruned[0]["model_bytes"],
            pruned_model_bytes = pruned[0]["pruned_model_bytes"],
        };
    }

    /// <param name="perClass">Training rows per class the student sees (0: all); the teacher is trained on all of them.</param>
    private static async Task<object> Distillation(TechniqueTrials trials, ulong[] seeds, int units, int teacherEpochs, int teacherChannels, double temperature, double alpha, int perClass, int epochs)
    {
        var teacher = await trials.Run("teacher", teacherEpochs, 1, Mnist, [.. Cnn.Where(c => c.Item1 != "channels"), ("channels", (long)teacherChannels)]);
        (string, object)[] student = [("depth", 1L), ("units", (long)units), ("lr", 3e-3), ("batchSize", 64L)];
        var studentData = perClass > 0 ? new Dictionary<string, object?>(Mnist) { ["trainPerClass"] = (long)perClass } : Mnist;
        var distillation = new Dictionary<string, object?>(studentData)
        {
            ["distillation"] = new Dictionary<string, object?> { ["teacher"] = new Dictionary<string, object?> { ["search"] = TechniqueTrials.Search, ["trial"] = "teacher" } },
        };
        var alone = new List<double>();
        var distilled = new List<double>();
        foreach (var seed in seeds)
        {
            alone.Add((await trials.Run($"student-{seed}", epochs, seed, studentData, student))["val_accuracy"]);
            distilled.Add((await trials.Run($"distilled-{seed}", epochs, seed, distillation, [.. student, ("distillTemperature", temperature), ("distillAlpha", alpha)]))["val_accuracy"]);
        }
        return new
        {
            setting = $"mlp 784-{units}-10 student, {epochs} epochs on {(perClass > 0 ? $"{perClass} training rows per class" : "all training rows")}, alone vs distilled from a cnn teacher ({teacherChannels} channels, {teacherEpochs} epochs; T={temperature}, alpha={alpha})",
            teacher_val_accuracy = Math.Round(teacher["val_accuracy"], 4),
            teacher_parameters = teacher["parameters"],
            student_parameters = (784 * units) + units + (units * 10) + 10,
            val_accuracy_without = Stats(alone),
            val_accuracy_with = Stats(distilled),
            per_seed_gain = alone.Zip(distilled, (a, d) => Math.Round(d - a, 4)).ToArray(),
        };
    }

    private static async Task<object> Transfer(TechniqueTrials trials, ulong[] seeds, int perClass, int epochs)
    {
        var pretrain = await trials.Run("pretrain", 3, 1, new Dictionary<string, object?>(Mnist) { ["selectClasses"] = new List<object?> { 0L, 1L, 2L, 3L, 4L } }, Cnn);
        var target = new Dictionary<string, object?>(Mnist) { ["selectClasses"] = new List<object?> { 5L, 6L, 7L, 8L, 9L }, ["trainPerClass"] = (long)perClass };
        var transfer = new Dictionary<string, object?>(target)
        {
            ["transfer"] = new Dictionary<string, object?> { ["from"] = new Dictionary<string, object?> { ["path"] = Path.Combine(trials.TrialDir("pretrain"), CheckpointStore.Best) } },
        };
        (string, object)[] training = [("lr", 1e-3), ("batchSize", 16L)];
        var scratch = new List<double>();
        var fineTuned = new List<double>();
        var frozen = new List<double>();
        var probe = new List<double>();
        foreach (var seed in seeds)
        {
            scratch.Add((await trials.Run($"scratch-{seed}", epochs, seed, target, [.. Cnn.Where(c => c.Item1 is not ("lr" or "batchSize")), .. training]))["val_accuracy"]);
            fineTuned.Add((await trials.Run($"transfer0-{seed}", epochs, seed, transfer, [.. training, ("freezeLayers", 0L)]))["val_accuracy"]);
            frozen.Add((await trials.Run($"transfer2-{seed}", epochs, seed, transfer, [.. training, ("freezeLayers", 2L)]))["val_accuracy"]);
            probe.Add((await trials.Run($"transfer3-{seed}", epochs, seed, transfer, [.. training, ("freezeLayers", 3L)]))["val_accuracy"]);
        }
        return new
        {
            setting = $"cnn 2 conv blocks of 16 channels, pretrained 3 epochs on digits 0-4; digits 5-9 with {perClass} training images per class, {epochs} epochs",
            pretrain_val_accuracy = Math.Round(pretrain["val_accuracy"], 4),
            val_accuracy_without = Stats(scratch),
            val_accuracy_with_fine_tuned = Stats(fineTuned),
            val_accuracy_with_conv_frozen = Stats(frozen),
            val_accuracy_with_all_but_head_frozen = Stats(probe),
        };
    }

    private static object Stats(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        return new { mean = Math.Round(mean, 4), std = Math.Round(Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length), 4), runs = v.Select(x => Math.Round(x, 4)).ToArray() };
    }
}
