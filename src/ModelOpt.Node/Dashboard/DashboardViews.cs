using ModelOpt.Client.Models;

namespace ModelOpt.Node.Dashboard;

// What the dashboard's JSON routes answer. Trials travel in the command API's own shape (TrialInfo, serialized
// with CommandJson), so the page, the CLI and the API read one trial shape; these records only add what a page needs
// around it.

/// <summary>A search parameter as the spec defines it: numbers with their range and scale, or the categorical choices.</summary>
public sealed record ParameterView(string Name, string Kind, double? Low, double? High, bool Log, IReadOnlyList<object>? Choices, bool Conditional);

/// <summary>A search's state besides its trials, with what its spec says (parameters, algorithms, objectives).</summary>
public sealed record SearchHeaderView(
    string SearchId,
    string Name,
    SearchStatus Status,
    string? Reason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EndedAt,
    string Metric,
    ObjectiveMode Mode,
    IReadOnlyList<ObjectiveInfo> Objectives,
    int MaxTrials,
    int MaxConcurrent,
    int MaxEpochsPerTrial,
    string? BestTrialId,
    IReadOnlyList<string> ParetoTrialIds,
    string Searcher,
    string Scheduler,
    string Workload,
    IReadOnlyList<ParameterView> Parameters,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset Now);

/// <summary>
/// The trials that changed since version <c>after</c> (all of them when <paramref name="Full"/>), each without its
/// curve but its last epoch report, and without artifacts: curves come from <c>…/curves</c>, a whole trial from
/// <c>…/trials/{id}</c>.
/// </summary>
public sealed record SearchDeltaView(long Version, bool Full, SearchHeaderView Search, IReadOnlyList<TrialInfo> Trials);

/// <summary>
/// The objective per epoch, <c>[epoch, value]</c> pairs: of the trials that changed since version <c>after</c> (all
/// when <paramref name="Full"/>), or, for a search with more curves than a page draws quickly, a sample of
/// <paramref name="Total"/> curves with the stop marker (<c>[epoch, value]</c>) of every other trial that ended early in
/// <paramref name="Ends"/> and the band all curves lie in, per epoch, in <paramref name="Band"/>; always full then.
/// </summary>
public sealed record CurvesView(
    long Version, string Metric, bool Full, int Total, IReadOnlyDictionary<string, double[][]> Curves,
    IReadOnlyDictionary<string, double[]>? Ends, IReadOnlyList<CurveBandPoint>? Band);

/// <summary>The 10 %, 50 % and 90 % quantiles of the objective over the <paramref name="Trials"/> that reported an epoch.</summary>
public sealed record CurveBandPoint(double Epoch, double Low, double Median, double High, int Trials);

/// <summary>A row of the searches page.</summary>
public sealed record SearchSummaryView(
    string SearchId, string Name, SearchStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? EndedAt, string Metric, ObjectiveMode Mode,
    int MaxTrials, int Done, int Running, double? Best, string? BestTrialId, string Searcher, string Scheduler);

public sealed record ImportanceView(int Trials, DateTimeOffset ComputedAt, IReadOnlyList<ImportanceEntry> Parameters);

public sealed record ImportanceEntry(string Name, double Importance, double VarianceShare);

/// <summary>A contour axis: numeric cell edges in the parameter's values, or category names.</summary>
public sealed record ContourAxisView(string Name, bool Log, IReadOnlyList<double>? Edges, IReadOnlyList<string>? Categories);

/// <summary><paramref name="Values"/>[i][j]: the predicted objective in cell i of x and j of y.</summary>
public sealed record ContourView(ContourAxisView X, ContourAxisView Y, double[][] Values, int Trials);

public sealed record ConfusionView(IReadOnlyList<string> Classes, long[][] Counts, string Split);

/// <summary>A trial whole (curve and artifacts included), the search's objective metric, and its confusion matrix if any.</summary>
public sealed record TrialPageView(TrialInfo Trial, string Metric, ConfusionView? Confusion);

/// <summary>The signed-in page's access, the token it echoes on changes, and what it looks at.</summary>
public sealed record SessionView(string Access, string Csrf, string Mode, string? Source);
