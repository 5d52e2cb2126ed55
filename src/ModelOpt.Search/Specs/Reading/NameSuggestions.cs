namespace ModelOpt.Search.Specs.Reading;

/// <summary>Finds the known name a misspelt one was probably meant to be ("did you mean 'maxTrials'?").</summary>
public static class NameSuggestions
{
    public static string? Closest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var d = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return bestDistance <= Math.Max(2, given.Length / 4) ? best : null;
    }

    /// <summary>" ; did you mean 'x'?" when a close name exists, else "; known: a, b, c".</summary>
    public static string Hint(string given, IReadOnlyCollection<string> known) =>
        Closest(given, known) is { } close ? $"; did you mean '{close}'?" : known.Count > 0 ? $"; known: {string.Join(", ", known)}" : "";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
