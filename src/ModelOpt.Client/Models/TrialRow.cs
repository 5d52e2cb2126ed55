namespace ModelOpt.Client.Models;

/// <summary>
/// One trial as a table row (<c>mopt search export</c>, docs/schemas/trial-row.schema.json): the trial's facts, its config
/// and its metrics (the final ones of a completed trial, else the last reported) as plain values.
/// </summary>
public sealed record TrialRow(
    string SearchId,
    string TrialId,
    TrialStatus Status,
    double? Objective,
    int Epochs,
    int Attempts,
    string? Node,
    string? Device,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Failure,
    string? Reason,
    IReadOnlyDictionary<string, ConfigValue> Config,
    IReadOnlyDictionary<string, double> Metrics)
{
    public static TrialRow Of(string searchId, TrialInfo trial) => new(searchId, trial.TrialId, trial.Status, trial.Objective, trial.Epochs,
        trial.Attempts, trial.Node, trial.Device, trial.StartedAt, trial.EndedAt, trial.Failure, trial.Reason, trial.Config,
        trial.Metrics ?? trial.Curve.LastOrDefault()?.Metrics ?? new Dictionary<string, double>());
}
