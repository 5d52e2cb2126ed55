using System.Text.Json.Serialization;

namespace ModelOpt.Client.Models;

/// <summary>
/// One trial. <paramref name="Objective"/>: the final value for a completed trial, the last reported one for a stopped
/// trial. <paramref name="Metrics"/>: the final metrics (completed trials). <paramref name="Failure"/>: why a failed trial
/// failed (<c>exception</c>, <c>non_finite_loss</c>, <c>out_of_memory</c>, <c>bad_config</c>, <c>timeout</c>,
/// <c>crash</c>, <c>lost</c>). <paramref name="Attempts"/>: how often it was placed on a slot. <paramref name="Node"/>:
/// the worker node's full address. <paramref name="StartedAt"/>: when the current (or last) attempt started;
/// <paramref name="EndedAt"/>: when the trial ended (null while pending or running). <paramref name="Curve"/>: every
/// epoch report, in order.
/// </summary>
public sealed record TrialInfo(
    string TrialId,
    TrialStatus Status,
    IReadOnlyDictionary<string, ConfigValue> Config,
    int Attempts,
    int Epochs,
    double? Objective,
    IReadOnlyDictionary<string, double>? Metrics,
    string? Failure,
    string? Reason,
    string? Node,
    string? Device,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<EpochInfo> Curve)
{
    /// <summary>What the workload returned besides metrics (confusion matrix CSV, checkpoint paths); null if none.</summary>
    public IReadOnlyDictionary<string, string>? Artifacts { get; init; }

    /// <summary>Who stopped a stopped trial; null for other statuses.</summary>
    public StopKind? StoppedBy { get; init; }

    /// <summary>Attempts before the current (or last) one, oldest first; null while there was only one.</summary>
    public IReadOnlyList<AttemptInfo>? EarlierAttempts { get; init; }

    /// <summary>Whether the trial has ended (completed, stopped or failed).</summary>
    [JsonIgnore]
    public bool HasEnded => Status is TrialStatus.Completed or TrialStatus.Stopped or TrialStatus.Failed;

    /// <summary>The last reported value of <paramref name="metric"/>, or null.</summary>
    public double? Latest(string metric)
    {
        for (var i = Curve.Count - 1; i >= 0; i--)
            if (Curve[i].Metrics.TryGetValue(metric, out var value)) return value;
        return null;
    }
}
