using System.Globalization;
using ModelOpt.Search;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// <c>--options key=value,key=value</c>: a searcher's options block on the command line. Values read as booleans,
/// integers or numbers where they parse as such, strings otherwise.
/// </summary>
internal static class SearcherOptionsArgument
{
    public static AlgorithmOptions Parse(BenchmarkArgs args)
    {
        var text = args.String("options", "");
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--options entry '{pair}' is not key=value");
            values[pair[..eq]] = ParseValue(pair[(eq + 1)..]);
        }
        return new AlgorithmOptions("searcher", values);
    }

    private static object ParseValue(string raw) =>
        bool.TryParse(raw, out var b) ? b
        : long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
        : double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : raw;
}
