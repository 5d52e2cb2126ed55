using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelOpt.Search.Specs;

/// <summary>
/// Memory sizes as a spec writes them: a whole or decimal number with a unit, binary (<c>512MiB</c>, <c>4GiB</c>,
/// <c>1TiB</c>, also <c>KiB</c>) or decimal (<c>500MB</c>, <c>4GB</c>); at least one mebibyte.
/// </summary>
public static partial class ByteSizeFormat
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["KiB"] = 1L << 10, ["MiB"] = 1L << 20, ["GiB"] = 1L << 30, ["TiB"] = 1L << 40,
        ["KB"] = 1_000, ["MB"] = 1_000_000, ["GB"] = 1_000_000_000, ["TB"] = 1_000_000_000_000,
    };

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<unit>[KMGT]i?B)$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        var value = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) * Units[match.Groups["unit"].Value];
        if (value < 1L << 20 || value > 1L << 50) return false;
        bytes = (long)value;
        return true;
    }

    /// <summary>Whole mebibytes or gibibytes where exact, e.g. <c>4GiB</c>, <c>1536MiB</c>.</summary>
    public static string Format(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30}GiB" : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#}MiB");
}
