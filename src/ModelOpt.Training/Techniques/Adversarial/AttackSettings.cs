namespace ModelOpt.Training.Techniques.Adversarial;

public enum AttackKind { Fgsm, Pgd }

/// <summary>
/// An L∞ attack on the inputs: FGSM is one signed-gradient step of size <paramref name="Epsilon"/>; PGD takes
/// <paramref name="Steps"/> steps of <paramref name="StepSize"/>, projecting back into the epsilon ball after each.
/// Epsilon is in the scaled feature units the model sees ([0,1] pixels with the default image scaling).
/// </summary>
public sealed record AttackSettings(AttackKind Kind, double Epsilon, int Steps, double StepSize)
{
    public static readonly IReadOnlyDictionary<string, AttackKind> Names = new Dictionary<string, AttackKind>(StringComparer.Ordinal)
    {
        ["fgsm"] = AttackKind.Fgsm,
        ["pgd"] = AttackKind.Pgd,
    };

    public const int DefaultPgdSteps = 7;

    /// <summary>The usual PGD step: 2.5·ε/steps, so the walk can cross the ball and still refine.</summary>
    public static double DefaultStepSize(double epsilon, int steps) => 2.5 * epsilon / steps;

    public static AttackSettings Fgsm(double epsilon) => new(AttackKind.Fgsm, epsilon, 1, epsilon);

    public static AttackSettings Pgd(double epsilon, int steps, double? stepSize = null) =>
        new(AttackKind.Pgd, epsilon, steps, stepSize ?? DefaultStepSize(epsilon, steps));

    public string Describe() => Kind == AttackKind.Fgsm ? $"fgsm ε={Epsilon}" : $"pgd ε={Epsilon} {Steps}×{StepSize:G3}";
}
