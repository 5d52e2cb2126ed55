using ModelOpt.Search;

namespace ModelOpt.Training.Techniques.Adversarial;

/// <summary>
/// <c>workload.robustness</c>: the fixed attack every trial's model is evaluated against after each epoch, so robust
/// accuracy is comparable across trials whatever they trained with. <paramref name="Samples"/> caps the validation
/// rows attacked (the first N), since PGD costs a forward and backward pass per step.
/// </summary>
public sealed record RobustnessOptions(AttackSettings Attack, int? Samples)
{
    /// <summary>Reads <c>workload.robustness</c>; null when absent. Problems are recorded on <paramref name="workload"/>.</summary>
    public static RobustnessOptions? Read(AlgorithmOptions workload)
    {
        var options = workload.Nested("robustness");
        if (options is null) return null;
        var attack = options.String("attack", "fgsm", [.. AttackSettings.Names.Keys]);
        var epsilon = options.Double("epsilon", 0.1, 1e-12, 1e6);
        var steps = options.Int("steps", AttackSettings.DefaultPgdSteps, 1, 1000);
        var stepSize = options.Has("stepSize") ? options.Double("stepSize", 0.01, 1e-12, 1e6) : (double?)null;
        if (attack == "fgsm" && (options.Has("steps") || options.Has("stepSize")))
            options.AddError(options.Has("steps") ? "steps" : "stepSize", "FGSM is a single step of size epsilon; steps and stepSize apply to attack: pgd");
        int? samples = options.Has("samples") ? options.Int("samples", 1000, 1) : null;
        options.RejectUnknown();
        var settings = AttackSettings.Names[attack] == AttackKind.Fgsm ? AttackSettings.Fgsm(epsilon) : AttackSettings.Pgd(epsilon, steps, stepSize);
        return new RobustnessOptions(settings, samples);
    }
}
