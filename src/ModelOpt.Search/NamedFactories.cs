using System.Collections.Immutable;
using ModelOpt.Search.Specs;

namespace ModelOpt.Search;

/// <summary>
/// Factories by the name a spec gives them, immutable and in ordinal order: what the workload, searcher and scheduler
/// catalogs share. An unknown name is one spec error at <c>path</c> that lists the known ones.
/// </summary>
internal sealed class NamedFactories<TFactory>
{
    private readonly ImmutableSortedDictionary<string, TFactory> _factories;

    private NamedFactories(ImmutableSortedDictionary<string, TFactory> factories)
    {
        _factories = factories;
        Names = [.. factories.Keys];
    }

    public static NamedFactories<TFactory> Of(IEnumerable<KeyValuePair<string, TFactory>> factories) =>
        new(factories.ToImmutableSortedDictionary(StringComparer.Ordinal));

    /// <summary>Every name, in ordinal order.</summary>
    public IReadOnlyCollection<string> Names { get; }

    public NamedFactories<TFactory> With(string name, TFactory factory) => new(_factories.SetItem(name, factory));

    public bool Contains(string name) => _factories.ContainsKey(name);

    /// <summary>The factory for <paramref name="name"/>; a <see cref="SpecException"/> at <paramref name="path"/> naming the known ones when there is none.</summary>
    public TFactory Get(string name, string path, string what) =>
        _factories.TryGetValue(name, out var factory)
            ? factory
            : throw new SpecException([new SpecError(path, $"unknown {what} '{name}'; known: {string.Join(", ", Names)}")]);
}
