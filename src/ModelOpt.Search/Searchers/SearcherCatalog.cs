using ModelOpt.Search.Searchers.Auto;
using ModelOpt.Search.Searchers.Bohb;
using ModelOpt.Search.Searchers.Evolution;
using ModelOpt.Search.Searchers.Gp;
using ModelOpt.Search.Searchers.Grid;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Searchers.Reinforce;
using ModelOpt.Search.Searchers.Tpe;

namespace ModelOpt.Search.Searchers;

/// <summary>Searchers by the name a spec uses; immutable (<see cref="With"/> makes a new one). Adding a built-in searcher is one line here.</summary>
public sealed class SearcherCatalog
{
    public static SearcherCatalog BuiltIn { get; } = new(NamedFactories<Func<SearcherContext, ISearcher>>.Of(new Dictionary<string, Func<SearcherContext, ISearcher>>
    {
        ["auto"] = c => new AutoSearcher(c),
        ["random"] = c => new RandomSearcher(c),
        ["grid"] = c => new GridSearcher(c),
        ["tpe"] = c => new TpeSearcher(c),
        ["gp"] = c => new GpSearcher(c),
        ["evolution"] = c => new EvolutionSearcher(c),
        ["reinforce"] = c => new ReinforceSearcher(c),
        ["bohb"] = c => new BohbSearcher(c),
    }));

    private readonly NamedFactories<Func<SearcherContext, ISearcher>> _factories;

    private SearcherCatalog(NamedFactories<Func<SearcherContext, ISearcher>> factories) => _factories = factories;

    /// <summary>Every name, in ordinal order.</summary>
    public IReadOnlyCollection<string> Names => _factories.Names;

    /// <summary>This catalog with <paramref name="name"/> added, or replaced (tests and plug-ins).</summary>
    public SearcherCatalog With(string name, Func<SearcherContext, ISearcher> factory) => new(_factories.With(name, factory));

    public bool Contains(string name) => _factories.Contains(name);

    /// <summary>Builds the searcher; throws <see cref="SpecException"/> listing every bad option.</summary>
    public ISearcher Create(string name, SearcherContext context)
    {
        var factory = _factories.Get(name, "searcher.type", "searcher");
        var searcher = factory(context);
        context.Options.ThrowIfInvalid();
        return searcher;
    }
}
