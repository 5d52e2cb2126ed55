using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Training.Techniques.Adversarial;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// Checks the values a space can give the technique keys against what the trial will accept, so an impossible value
/// (an unknown attack, a smoothing of 1, a negative task weight) is a spec error at <c>space.&lt;key&gt;</c> instead
/// of failing trials one by one at run time.
/// </summary>
internal static class TechniqueSpaceCheck
{
    private static readonly Dictionary<string, NumberRule> Numbers = new(StringComparer.Ordinal)
    {
        ["labelSmoothing"] = new(0, 1, MaxExclusive: true),
        ["advEpsilon"] = new(0, double.PositiveInfinity, MinExclusive: true),
        ["advWeight"] = new(0, 1),
        ["advSteps"] = new(1, 1000),
        ["advStepSize"] = new(0, double.PositiveInfinity, MinExclusive: true),
    };

    private static readonly string[] AdversarialValues = ["none", .. AttackSettings.Names.Keys];

    public static IEnumerable<SpecError> Check(SearchSpace space)
    {
        foreach (var parameter in space.Parameters)
        {
            var path = $"space.{parameter.Name}";
            if (parameter.Name == "adversarial")
            {
                foreach (var value in NumberRule.Values(parameter.Domain).Where(v => !AdversarialValues.Contains(v.ToString())))
                    yield return new SpecError(path, $"'{value}' is not an attack; adversarial takes {string.Join(", ", AdversarialValues)}");
                continue;
            }
            var rule = parameter.Name.StartsWith("taskWeight_", StringComparison.Ordinal)
                ? new NumberRule(0, double.PositiveInfinity)
                : Numbers.GetValueOrDefault(parameter.Name);
            if (rule is null) continue;
            var (low, high, nonNumeric) = NumberRule.Reach(parameter.Domain);
            if (nonNumeric is not null)
                yield return new SpecError(path, $"{parameter.Name} must be a number, got '{nonNumeric}'");
            else if (rule.Refused((low, high)) is { } refused)
                yield return new SpecError(path, string.Create(CultureInfo.InvariantCulture, $"{parameter.Name} must lie in {rule.Describe()}; the space reaches {refused}"));
        }
    }
}
