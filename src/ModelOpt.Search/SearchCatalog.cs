using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Search;

/// <summary>
/// The workload, searcher and scheduler kinds a spec may name, and how each is built. A value, passed to whatever
/// parses a spec or builds its parts, so whether a spec parses depends only on the catalog it is read with: a host
/// builds its own from <see cref="BuiltIn"/> (the node adds the training kinds), a test adds its test kinds to its own.
/// </summary>
public sealed record SearchCatalog(WorkloadCatalog Workloads, SearcherCatalog Searchers, SchedulerCatalog Schedulers)
{
    /// <summary>The kinds of this assembly alone.</summary>
    public static SearchCatalog BuiltIn { get; } = new(WorkloadCatalog.BuiltIn, SearcherCatalog.BuiltIn, SchedulerCatalog.BuiltIn);

    public SearchCatalog WithWorkload(string kind, Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload> factory) =>
        this with { Workloads = Workloads.With(kind, factory) };

    public SearchCatalog WithSearcher(string name, Func<SearcherContext, ISearcher> factory) =>
        this with { Searchers = Searchers.With(name, factory) };

    public SearchCatalog WithScheduler(string name, Func<SchedulerContext, ITrialScheduler> factory) =>
        this with { Schedulers = Schedulers.With(name, factory) };
}
