using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Tests.Searchers;

/// <summary>Builds searchers through the registry and runs them against test functions, one trial at a time.</summary>
internal static class SearcherHarness
{
    public static readonly Objective Minimize = new("loss", ObjectiveMode.Min);

    public static ISearcher Create(string name, SearchSpace space, ulong seed, Dictionary<string, object?>? options = null) =>
        SearcherCatalog.BuiltIn.Create(name, new SearcherContext(space, Minimize, seed, new AlgorithmOptions("searcher", options)));

    /// <summary>The best value found in <paramref name="trials"/> sequential ask/observe rounds.</summary>
    public static double BestOf(ISearcher searcher, ITestFunction function, int trials) => BestConfigOf(searcher, function, trials).Value;

    /// <summary>The best config, and its value, found in <paramref name="trials"/> sequential ask/observe rounds (trial ids t0, t1, ...).</summary>
    public static (Config Config, double Value) BestConfigOf(ISearcher searcher, ITestFunction function, int trials)
    {
        (Config Config, double Value) best = (Config.Empty, double.PositiveInfinity);
        for (var t = 0; t < trials; t++)
        {
            var id = $"t{t}";
            var config = searcher.SuggestAndAccept(id)!;
            var value = function.Evaluate(config);
            searcher.OnComplete(id, TrialOutcome.Completed(value));
            if (value < best.Value) best = (config, value);
        }
        return best;
    }

    /// <summary><paramref name="size"/> suggestions accepted one after another with none finishing (trial ids parallel0, parallel1, ...).</summary>
    public static List<Config> SuggestBatch(ISearcher searcher, int size) =>
        Enumerable.Range(0, size).Select(i => searcher.SuggestAndAccept($"parallel{i}")!).ToList();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
