namespace ModelOpt.Cluster.Searches;

/// <summary>How an attempt ended without ending its trial.</summary>
public enum AttemptEnd { Requeued, Exploited }

/// <summary>
/// An earlier attempt of a trial: where and when it ran and why another attempt followed (its worker was lost, it
/// crashed, the coordinator restarted, or PBT restarted it from a better trial). Times are null in journals written
/// before they were recorded.
/// </summary>
public sealed record EndedAttempt(int Attempt, string? Node, string? Device, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, AttemptEnd End, string Reason);
