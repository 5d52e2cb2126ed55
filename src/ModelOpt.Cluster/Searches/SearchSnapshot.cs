using ModelOpt.Search;
using ModelOpt.Search.Pareto;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

/// <summary>A search as commands and views see it: status, budget, every trial with its learning curve, the best trial.</summary>
public sealed record SearchSnapshot(
    string SearchId,
    string Name,
    SearchStatus Status,
    string? Reason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EndedAt,
    string Metric,
    ObjectiveMode Mode,
    int MaxTrials,
    IReadOnlyList<TrialSnapshot> Trials,
    string? BestTrialId) : IModelOptMessage
{
    public TrialSnapshot? Best => BestTrial ?? Trials.FirstOrDefault(t => t.Id == BestTrialId);

    /// <summary>The best trial in full, also when it is not on this page; null when none completed (or from an older node).</summary>
    public TrialSnapshot? BestTrial { get; init; }

    /// <summary>How many trials are in each phase; null from an older node (count <see cref="Trials"/> then).</summary>
    public TrialCounts? Counts { get; init; }

    /// <summary>For a page (<see cref="TrialQuery"/>): the trials that matched its filter, of which <see cref="Trials"/> start at <see cref="Offset"/>.</summary>
    public int Matching { get; init; }

    public int Offset { get; init; }

    /// <summary>The search's version when this was taken (see <see cref="SearchState.Version"/>); ask for the trials changed after it.</summary>
    public long Version { get; init; }

    /// <summary>Whether <see cref="Trials"/> holds every trial of the search (not a page of them).</summary>
    public bool IsComplete => Counts is null || Trials.Count == Counts.Total;

    /// <summary>Multi-objective searches: the trials on the Pareto front of all objectives; empty otherwise.</summary>
    public IReadOnlyList<string> ParetoTrialIds { get; init; } = [];

    /// <summary>The spec's epoch cap per trial, for progress views; 0 when unknown (a snapshot from an older node).</summary>
    public int MaxEpochsPerTrial { get; init; }

    /// <summary>The whole search: every trial with its curve. Costs O(trials); views of large searches ask for a <see cref="Page"/>.</summary>
    public static SearchSnapshot Of(SearchState state) => Build(state, state.Trials.Select(t => TrialSnapshot.Of(t)), state.Trials.Count, 0);

    /// <summary>The search's summary with one page of its trials (see <see cref="TrialQuery"/>).</summary>
    public static SearchSnapshot Page(SearchState state, TrialQuery query)
    {
        var (page, matching) = TrialSelection.Select(state, query);
        return Build(state, page.Select(i => TrialSnapshot.Of(state.Trials[i], query.Curves)), matching, query.Offset);
    }

    private static SearchSnapshot Build(SearchState state, IEnumerable<TrialSnapshot> trials, int matching, int offset) => state.Spec is not { } spec
        ? new SearchSnapshot(state.SearchId, "", SearchStatus.Empty, null, default, null, "", ObjectiveMode.Min, 0, [], null)
        : new SearchSnapshot(state.SearchId, spec.Name, state.Status, state.EndReason, state.SubmittedAt, state.EndedAt,
            spec.Objective.Metric, spec.Objective.Mode, spec.Budget.MaxTrials, [.. trials], state.Best?.Id)
        {
            ParetoTrialIds = spec.Objective.IsMultiObjective
                ? ParetoFront.Of(spec.Objective, state.Trials.Where(t => t.Phase == TrialPhase.Completed).Select(t => (t.Id, MetricsOf(t))))
                : [],
            MaxEpochsPerTrial = spec.Budget.MaxEpochsPerTrial,
            BestTrial = state.Best is { } best ? TrialSnapshot.Of(best) : null,
            Counts = state.Counts,
            Matching = matching,
            Offset = offset,
            Version = state.Version,
        };

    /// <summary>A trial's final metrics over its last report's: a workload may report some metrics only per epoch.</summary>
    private static IReadOnlyDictionary<string, double>? MetricsOf(TrialState trial)
    {
        if (trial.Curve.Count == 0) return trial.FinalMetrics;
        var metrics = new Dictionary<string, double>(trial.Curve[^1].Metrics, StringComparer.Ordinal);
        foreach (var (name, value) in trial.FinalMetrics ?? new Dictionary<string, double>()) metrics[name] = value;
        return metrics;
    }
}

public sealed record TrialSnapshot(
    string Id,
    Config Config,
    TrialPhase Phase,
    int Attempts,
    int Epochs,
    double? Objective,
    IReadOnlyDictionary<string, double>? Metrics,
    FailureKind? Failure,
    string? Reason,
    string? Node,
    string? Device,
    IReadOnlyList<EpochReport> Curve)
{
    /// <summary>What the workload returned besides metrics (confusion matrix CSV, checkpoint paths); null if none.</summary>
    public IReadOnlyDictionary<string, string>? Artifacts { get; init; }

    /// <summary>The trial as views see it; without <paramref name="curve"/> its epoch reports are left out (the count stays in <see cref="Epochs"/>).</summary>
    public static TrialSnapshot Of(TrialState t, bool curve = true) =>
        new(t.Id, t.Config, t.Phase, t.Attempts, t.Epochs, t.Objective, t.FinalMetrics, t.Failure, t.Reason, t.Node, t.Device, curve ? t.Curve : [])
        {
            Artifacts = t.Artifacts,
        };
}
