using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelOpt.Search.Specs;

/// <summary>
/// Durations as a spec writes them: <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c> and combinations in that order
/// (<c>1h30m</c>), each amount a whole or decimal number; or a plain number of seconds.
/// </summary>
public static partial class DurationFormat
{
    [GeneratedRegex(@"^(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex Pattern();

    /// <summary>Reads <paramref name="text"/>; false when it is not a duration or not positive.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
            return TryFromSeconds(plainSeconds, out duration);

        var match = Pattern().Match(text);
        if (text.Length == 0 || !match.Success) return false;
        double Part(string unit) => match.Groups[unit].Success ? double.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = Part("d") * 86400 + Part("h") * 3600 + Part("m") * 60 + Part("s");
        return TryFromSeconds(seconds, out duration);
    }

    /// <summary>Writes a duration the way <see cref="TryParse"/> reads it, e.g. <c>1h30m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0s";
        var parts = new List<string>();
        if (duration.Days > 0) parts.Add($"{duration.Days}d");
        if (duration.Hours > 0) parts.Add($"{duration.Hours}h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes}m");
        var seconds = duration.Seconds + duration.Milliseconds / 1000.0;
        if (seconds > 0) parts.Add($"{seconds.ToString("0.###", CultureInfo.InvariantCulture)}s");
        return string.Concat(parts);
    }

    private static bool TryFromSeconds(double seconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
