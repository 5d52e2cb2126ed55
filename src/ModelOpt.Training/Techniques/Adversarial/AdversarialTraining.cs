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
            throw Bad("adversarial", name, "one of none, fgsm, pgd");
        var epsilon = Number(config, "advEpsilon", 0.1, 1e-12, 1e6);
        var weight = Number(config, "advWeight", 0.5, 0, 1);
        if (kind == AttackKind.Fgsm) return new AdversarialTraining(AttackSettings.Fgsm(epsilon), weight);
        var steps = (int)Number(config, "advSteps", AttackSettings.DefaultPgdSteps, 1, 1000);
        var stepSize = Number(config, "advStepSize", AttackSettings.DefaultStepSize(epsilon, steps), 1e-12, 1e6);
        return new AdversarialTraining(AttackSettings.Pgd(epsilon, steps, stepSize), weight);
    }

    private static double Number(Config config, string key, double fallback, double min, double max)
    {
        if (!config.TryGetValue(key, out var v)) return fallback;
        if (!v.IsNumeric) throw Bad(key, v.ToString(), "a number");
        var x = v.AsDouble();
        if (double.IsNaN(x) || x < min || x > max) throw Bad(key, v.ToString(), $"between {min} and {max}");
        return x;
    }

    private static TrialFailedException Bad(string key, string value, string expected) =>
        new(FailureKind.BadConfig, $"config '{key}' is '{value}'; it must be {expected}");
}
