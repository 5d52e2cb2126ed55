using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers;

public static class SearcherExtensions
{
    /// <summary>Suggests and accepts at once, for callers that run every suggestion (benchmarks, tests, local loops).</summary>
    public static Config? SuggestAndAccept(this ISearcher searcher, string trialId)
    {
        var config = searcher.Suggest(trialId);
        if (config is not null) searcher.Accept(trialId, config);
        return config;
    }
}
