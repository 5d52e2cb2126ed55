namespace ModelOpt.Client.Models;

/// <summary>An attempt of a trial that ended without ending the trial: where and when it ran, how and why it ended.</summary>
public sealed record AttemptInfo(int Attempt, string? Node, string? Device, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, AttemptEnd End, string Reason);
