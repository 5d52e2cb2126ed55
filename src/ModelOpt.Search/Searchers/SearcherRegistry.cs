using System.Collections.Concurrent;
using ModelOpt.Search.Searchers.Auto;
using ModelOpt.Search.Searchers.Bohb;
using ModelOpt.Search.Searchers.Evolution;
using ModelOpt.Search.Searchers.Gp;
using ModelOpt.Search.Searchers.Grid;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Searchers.Reinforce;
using ModelOpt.Search.Searchers.Tpe;

namespace ModelOpt.Search.Searchers;

/// <summary>Searchers by the name a spec uses. Adding a searcher is one line here.</summary>
public static class SearcherRegistry
{
    // Concurrent: tests register kinds while searches in other threads look them up.
    private static readonly ConcurrentDictionary<string, Func<SearcherContext, ISearcher>> Factories = new(StringComparer.Ordinal)
    {
        ["auto"] = c => new AutoSearcher(c),
        ["random"] = c => new RandomSearcher(c),
        ["grid"] = c => new GridSearcher(c),
        ["tpe"] = c => new TpeSearcher(c),
        ["gp"] = c => new GpSearcher(c),
        ["evolution"] = c => new EvolutionSearcher(c),
        ["reinforce"] = c => new ReinforceSearcher(c),
        ["bohb"] = c => new BohbSearcher(c),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds or replaces a searcher kind (tests and plug-ins; built-in kinds are listed above).</summary>
    public static void Register(string name, Func<SearcherContext, ISearcher> factory) => Factories[name] = factory;

    public static bool Exists(string name) => Factories.ContainsKey(name);

    /// <summary>Builds the searcher; throws <see cref="SpecException"/> listing every bad option.</summary>
    public static ISearcher Create(string name, SearcherContext context)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new SpecException([new SpecError("searcher.type", $"unknown searcher '{name}'; known: {string.Join(", ", Names)}")]);
        var searcher = factory(context);
        context.Options.ThrowIfInvalid();
        return searcher;
    }
}
