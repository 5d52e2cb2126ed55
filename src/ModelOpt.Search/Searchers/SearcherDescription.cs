using System.Globalization;
using ModelOpt.Search.Searchers.Auto;
using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Searchers;

/// <summary>One line saying which searcher proposes a spec's trials — for <c>auto</c>, what it chose and why — for spec checks, live views and reports.</summary>
public static class SearcherDescription
{
    public const string Auto = "auto";

    public static string Of(SearchSpec spec)
    {
        var searcher = spec.Searcher;
        if (searcher.Type == Auto)
            return AutoPlan.Read(new SearcherContext(spec.Space, spec.Objective, spec.Seed, new AlgorithmOptions("searcher", searcher.Options) { Accepted = true },
                spec.Budget.MaxEpochsPerTrial, spec.Budget.MaxTrials, spec.Budget.MaxConcurrent)).Describe();
        return searcher.Options.Count == 0
            ? searcher.Type
            : $"{searcher.Type} ({string.Join(", ", searcher.Options.Select(kv => $"{kv.Key}: {Show(kv.Value)}"))})";
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        IEnumerable<object?> list => $"[{string.Join(", ", list.Select(Show))}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
