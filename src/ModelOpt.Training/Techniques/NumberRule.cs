using System.Globalization;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Training.Techniques;

/// <summary>
/// The numbers a technique key accepts, an interval with open or closed ends, and what a space parameter can reach:
/// the spec-time checks of the technique keys compare the two.
/// </summary>
internal sealed record NumberRule(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    public bool Allows(double x) => (MinExclusive ? x > Min : x >= Min) && (MaxExclusive ? x < Max : x <= Max);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(MinExclusive ? "(" : "[")}{Min}, {(double.IsPositiveInfinity(Max) ? "∞" : Max)}{(MaxExclusive ? ")" : "]")}");

    /// <summary>A value of <paramref name="reach"/> this rule refuses (the low end first), or null when it allows both ends.</summary>
    public double? Refused((double Low, double High) reach) =>
        !Allows(reach.Low) ? reach.Low : !Allows(reach.High) ? reach.High : null;

    /// <returns>The lowest and highest value the domain can take, or a value that is not a number.</returns>
    public static (double Low, double High, ParameterValue? NonNumeric) Reach(Domain domain)
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

    /// <summary>The values a categorical or constant domain lists; none for a range.</summary>
    public static IEnumerable<ParameterValue> Values(Domain domain) => domain switch
    {
        CategoricalDomain c => c.Choices,
        ConstantDomain k => [k.Value],
        _ => [],
    };
}
