using System.Collections.Concurrent;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Node.Commands;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// Each search's parsed spec, read once through the command API (a spec never changes after submission) with the
/// host's catalog.
/// </summary>
public sealed class SearchSpecs(ICommandApi api, SearchCatalog catalog)
{
    private const int MaxCached = 1_000;
    private readonly ConcurrentDictionary<string, Lazy<Task<SearchSpec>>> _specs = new(StringComparer.Ordinal);

    public Task<SearchSpec> GetAsync(string searchId, CancellationToken cancellationToken)
    {
        if (_specs.Count >= MaxCached) _specs.Clear();
        var entry = _specs.GetOrAdd(searchId, id => new Lazy<Task<SearchSpec>>(async () =>
            SpecParser.Parse((await api.GetSearchSpecAsync(id, CancellationToken.None)).Spec, catalog)));
        var task = entry.Value;
        // A failed read (search unknown yet, node busy) is not remembered.
        if (task.IsFaulted || task.IsCanceled) _specs.TryRemove(searchId, out _);
        return task.WaitAsync(cancellationToken);
    }

    public static IReadOnlyList<ParameterView> Parameters(SearchSpace space) =>
    [
        .. space.Parameters.Select(p => p.Domain switch
        {
            FloatDomain f => new ParameterView(p.Name, "float", f.Low, f.High, f.Log, null, p.IsConditional),
            IntDomain i => new ParameterView(p.Name, "int", i.Low, i.High, i.Log, null, p.IsConditional),
            CategoricalDomain c => new ParameterView(p.Name, "categorical", null, null, false, [.. c.Choices.Select(v => v.ToObject())], p.IsConditional),
            ConstantDomain k => new ParameterView(p.Name, "constant", null, null, false, [k.Value.ToObject()], p.IsConditional),
            _ => new ParameterView(p.Name, "unknown", null, null, false, null, p.IsConditional),
        }),
    ];
}
