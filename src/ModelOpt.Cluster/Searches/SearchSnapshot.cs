using ModelOpt.Search;
using ModelOpt.Search.Pareto;
using ModelOpt.Search.Searchers;
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
    public TrialSnapshot? Best => Trials.FirstOrDefault(t => t.Id == BestTrialId);

    /// <summary>Multi-objective searches: the trials on the Pareto front of all objectives; empty otherwise.</summary>
    public IReadOnlyList<string> ParetoTrialIds { get; init; } = [];

    /// <summary>The spec's epoch cap per trial, for progress views; 0 when unknown (a snapshot from an older node).</summary>
    public int MaxEpochsPerTrial { get; init; }

    /// <summary>Which searcher proposes the trials, and for <c>auto</c> what it chose and why; null from an older node.</summary>
    public string? Searcher { get; init; }

    public static SearchSnapshot Of(SearchState state) => state.Spec is not { } spec
        ? new SearchSnapshot(state.SearchId, "", SearchStatus.Empty, null, default, null, "", ObjectiveMode.Min, 0, [], null)
        : new SearchSnapshot(state.SearchId, spec.Name, state.Status, state.EndReason, state.SubmittedAt, state.EndedAt,
            spec.Objective.Metric, spec.Objective.Mode, spec.Budget.MaxTrials, [.. state.Trials.Select(TrialSnapshot.Of)], state.Best?.Id)
        {
            ParetoTrialIds = spec.Objective.IsMultiObjective
                ? ParetoFront.Of(spec.Objective, state.Trials.Where(t => t.Phase == TrialPhase.Completed).Select(t => (t.Id, MetricsOf(t))))
                : [],
            MaxEpochsPerTrial = spec.Budget.MaxEpochsPerTrial,
            Searcher = SearcherDescription.Of(spec),
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

    public static TrialSnapshot Of(TrialState t) =>
        new(t.Id, t.Config, t.Phase, t.Attempts, t.Epochs, t.Objective, t.FinalMetrics, t.Failure, t.Reason, t.Node, t.Device, t.Curve)
        {
            Artifacts = t.Artifacts,
        };
}
