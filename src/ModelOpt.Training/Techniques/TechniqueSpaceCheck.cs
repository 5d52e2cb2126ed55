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
    private sealed record NumberRule(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
    {
        public bool Allows(double x) => (MinExclusive ? x > Min : x >= Min) && (MaxExclusive ? x < Max : x <= Max);

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{(MinExclusive ? "(" : "[")}{Min}, {(double.IsPositiveInfinity(Max) ? "∞" : Max)}{(MaxExclusive ? ")" : "]")}");
    }

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
                foreach (var value in Values(parameter.Domain).Where(v => !AdversarialValues.Contains(v.ToString())))
                    yield return new SpecError(path, $"'{value}' is not an attack; adversarial takes {string.Join(", ", AdversarialValues)}");
                continue;
            }
            var rule = parameter.Name.StartsWith("taskWeight_", StringComparison.Ordinal)
                ? new NumberRule(0, double.PositiveInfinity)
                : Numbers.GetValueOrDefault(parameter.Name);
            if (rule is null) continue;
            var (low, high, nonNumeric) = Range(parameter.Domain);
            if (nonNumeric is not null)
                yield return new SpecError(path, $"{parameter.Name} must be a number, got '{nonNumeric}'");
            else if (!rule.Allows(low) || !rule.Allows(high))
                yield return new SpecError(path, string.Create(CultureInfo.InvariantCulture, $"{parameter.Name} must lie in {rule.Describe()}; the space reaches {(rule.Allows(low) ? high : low)}"));
        }
    }

    private static IEnumerable<ParameterValue> Values(Domain domain) => domain switch
    {
        CategoricalDomain c => c.Choices,
        ConstantDomain k => [k.Value],
        _ => [],
    };

    /// <returns>The lowest and highest value the domain can take, or a value that is not a number.</returns>
    private static (double Low, double High, ParameterValue? NonNumeric) Range(Domain domain)
    {
        switch (domain)
        {
            case FloatDomain f: return (f.Low, f.High, null);
            case IntDomain i: return (i.Low, i.High, null);
            default:
                var values = Values(domain).ToList();
                var notNumbers = values.Where(v => !v.IsNumeric).ToList();
                if (notNumbers.Count > 0) return (0, 0, notNumbers[0]);
                return values.Count == 0 ? (0, 0, null) : (values.Min(v => v.AsDouble()), values.Max(v => v.AsDouble()), null);
        }
    }
}
