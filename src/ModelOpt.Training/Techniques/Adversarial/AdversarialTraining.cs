using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Techniques.Adversarial;

/// <summary>
/// Adversarial training as a trial's configuration sets it (docs/training.md): <c>adversarial</c> (none, fgsm, pgd),
/// <c>advEpsilon</c>, <c>advSteps</c> and <c>advStepSize</c> (PGD only), and <c>advWeight</c>, the share of the loss
/// taken on adversarial examples (the rest on the clean batch). A bad value is a <see cref="FailureKind.BadConfig"/>.
/// </summary>
public sealed record AdversarialTraining(AttackSettings Attack, double Weight)
{
    /// <summary>The settings, or null when the configuration trains without adversarial examples.</summary>
    public static AdversarialTraining? FromConfig(Config config)
    {
        var name = config.TryGetValue("adversarial", out var v) ? v.AsString() : "none";
        if (name == "none") return null;
        if (!AttackSettings.Names.TryGetValue(name, out var kind))
            throw ConfigValues.Bad("adversarial", name, "one of none, fgsm, pgd");
        var epsilon = ConfigValues.Number(config, "advEpsilon", 0.1, 1e-12, 1e6);
        var weight = ConfigValues.Number(config, "advWeight", 0.5, 0, 1);
        if (kind == AttackKind.Fgsm) return new AdversarialTraining(AttackSettings.Fgsm(epsilon), weight);
        var steps = (int)ConfigValues.Number(config, "advSteps", AttackSettings.DefaultPgdSteps, 1, 1000);
        var stepSize = ConfigValues.Number(config, "advStepSize", AttackSettings.DefaultStepSize(epsilon, steps), 1e-12, 1e6);
        return new AdversarialTraining(AttackSettings.Pgd(epsilon, steps, stepSize), weight);
    }
}
