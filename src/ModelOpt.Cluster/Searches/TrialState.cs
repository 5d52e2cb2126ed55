using System.Collections.Immutable;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

public enum TrialPhase { Pending, Running, Completed, Stopped, Failed }

/// <summary>
/// One trial as the search sees it. <see cref="Objective"/> is the final value for a completed trial and the last
/// reported one for a stopped trial, in the user's units. <see cref="Attempts"/> counts placements on slots.
/// </summary>
public sealed record TrialState(
    string Id,
    int Number,
    Config Config,
    ulong Seed,
    TrialPhase Phase,
    int Attempts,
    string? Node,
    string? Device,
    ImmutableList<EpochReport> Curve,
    IReadOnlyDictionary<string, double>? FinalMetrics,
    double? Objective,
    FailureKind? Failure,
    string? Reason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt)
{
    /// <summary>PBT: the trial whose checkpoint the next attempt starts from, or null for a fresh start.</summary>
    public string? InitFrom { get; init; }

    /// <summary>Epochs the next attempt inherits (PBT exploit); reports up to it are kept, later ones are redone.</summary>
    public int StartEpoch { get; init; }

    /// <summary>Attempts that began because of a PBT exploit; they are not retries.</summary>
    public int Exploits { get; init; }

    /// <summary>What the workload returned besides metrics (confusion matrix CSV, checkpoint paths); null if none.</summary>
    public IReadOnlyDictionary<string, string>? Artifacts { get; init; }

    /// <summary>The search's <see cref="SearchState.Version"/> when this trial last changed: a view asks for the trials changed since it last looked.</summary>
    public long ChangedAt { get; init; }

    /// <summary>Who stopped a stopped trial; null for other phases.</summary>
    public StopKind? StoppedBy { get; init; }

    /// <summary>The current (or last) attempt's fencing token, as journaled with its start; null before tokens and for external searches.</summary>
    public string? AttemptToken { get; init; }

    /// <summary>Attempts before the current (or last) one, oldest first; null while there was only one.</summary>
    public ImmutableList<EndedAttempt>? EarlierAttempts { get; init; }

    public bool IsActive => Phase is TrialPhase.Pending or TrialPhase.Running;

    public int Epochs => Curve.Count == 0 ? 0 : Curve[^1].Epoch;

    /// <summary>The current attempt, ended without ending the trial, moved to <see cref="EarlierAttempts"/>.</summary>
    public TrialState AttemptEnded(AttemptEnd end, string reason, DateTimeOffset? at) => this with
    {
        EarlierAttempts = (EarlierAttempts ?? []).Add(new EndedAttempt(Attempts, Node, Device, StartedAt, at, end, reason)),
    };

    public static TrialState Suggested(string id, int number, Config config, ulong seed) =>
        new(id, number, config, seed, TrialPhase.Pending, 0, null, null, [], null, null, null, null, null, null);
}
