namespace ModelOpt.Client.Models;

/// <summary>One intermediate report of a trial: its metrics after <paramref name="Epoch"/> and how long that epoch took.</summary>
public sealed record EpochInfo(int Epoch, IReadOnlyDictionary<string, double> Metrics, double Seconds);
