using System.Text.Json.Serialization;

namespace ModelOpt.Client.Models;

/// <summary>
/// A search with every trial: what <c>GET /api/v1/searches/{id}</c> answers. <paramref name="Metric"/> and
/// <paramref name="Mode"/> are the primary objective; <paramref name="Objectives"/> lists all of them (more than one for
/// a multi-objective search, whose <paramref name="ParetoTrialIds"/> are the trials on the Pareto front).
/// <paramref name="MaxEpochsPerTrial"/> is the spec's epoch cap per trial.
/// </summary>
public sealed record SearchInfo(
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
    int MaxEpochsPerTrial,
    string? BestTrialId,
    IReadOnlyList<string> ParetoTrialIds,
    IReadOnlyList<TrialInfo> Trials)
{
    /// <summary>Which searcher proposes the trials, and for <c>auto</c> what it chose and why; null from an older node.</summary>
    public string? Searcher { get; init; }

    /// <summary>The best completed trial, or null.</summary>
    [JsonIgnore]
    public TrialInfo? Best => BestTrialId is null ? null : Trial(BestTrialId);

    /// <summary>Whether the search can still change.</summary>
    [JsonIgnore]
    public bool IsRunning => Status == SearchStatus.Running;

    /// <summary>
    /// The whole search's counts when <see cref="Trials"/> holds only some of its trials (a live view of a large search
    /// polls pages: see <see cref="LiveSearchFeed"/>); null when it holds them all.
    /// </summary>
    [JsonIgnore]
    public TrialCountsInfo? Counts { get; init; }

    /// <summary>Whether <see cref="Trials"/> holds only some of the search's trials.</summary>
    [JsonIgnore]
    public bool IsPartial => Counts is not null;

    public TrialInfo? Trial(string trialId) => Trials.FirstOrDefault(t => t.TrialId == trialId);

    public int Count(TrialStatus status) => Counts?.Of(status) ?? Trials.Count(t => t.Status == status);

    /// <summary>Trials that have ended (completed, stopped or failed).</summary>
    [JsonIgnore]
    public int Done => Counts?.Done ?? Trials.Count(t => t.HasEnded);

    /// <summary>How many trials the search has (suggested so far).</summary>
    [JsonIgnore]
    public int Total => Counts?.Total ?? Trials.Count;
}
