namespace ModelOpt.Client.Models;

/// <summary>
/// An attempt of a trial before its current (or last) one: the slot it ran on, when, and why another attempt followed.
/// Times are absent for attempts journaled before they were recorded.
/// </summary>
public sealed record AttemptInfo(int Attempt, string? Node, string? Device, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, AttemptEnd End, string Reason);
