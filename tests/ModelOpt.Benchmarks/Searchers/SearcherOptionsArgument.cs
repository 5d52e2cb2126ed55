using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// <c>--options key=value,key=value</c>: a searcher's options block on the command line. Values read as booleans,
/// integers or numbers where they parse as such, strings otherwise.
/// </summary>
internal static class SearcherOptionsArgument
{
    public static AlgorithmOptions Parse(BenchmarkArgs args) => new("searcher", Values(args));

    /// <summary>The <c>--options</c> entries by key.</summary>
    public static Dictionary<string, object?> Values(BenchmarkArgs args)
    {
        var text = args.String("options", "");
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--options entry '{pair}' is not key=value");
            values[pair[..eq]] = ParseValue(pair[(eq + 1)..]);
        }
        return values;
    }

    /// <summary>The named searcher over <paramref name="space"/>, minimizing, with the <c>--options</c> block; bad options are a usage error.</summary>
    public static ISearcher CreateSearcher(BenchmarkArgs args, string name, SearchSpace space, ulong seed)
    {
        try
        {
            return SearcherCatalog.BuiltIn.Create(name, new SearcherContext(space, new Objective("value", ObjectiveMode.Min), seed, Parse(args)));
        }
        catch (SpecException e)
        {
            throw new UsageException($"--searcher/--options: {e.Message}");
        }
    }

    private static object ParseValue(string raw) =>
        bool.TryParse(raw, out var b) ? b
        : long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
        : double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : raw;
}
