namespace ModelOpt.Client.Models;

/// <summary>
/// One coordinator's part of the searches: <paramref name="Shards"/> shards holding <paramref name="Searches"/> active
/// search entities; <paramref name="Unanswered"/> shards did not answer in time (moving, or their node is failing).
/// </summary>
public sealed record ShardHome(string Node, int Shards, int Searches, int Unanswered);

/// <summary>
/// The dispatcher's figures: <paramref name="Slots"/> slots of which <paramref name="Busy"/> run or are granted a
/// trial, <paramref name="Placements"/> trials placed so far, dispatch latency percentiles (slot freed → next trial
/// started on it), slot utilization (0–1), <paramref name="Messages"/> the dispatcher handled and the fraction of time it
/// was busy with them (<paramref name="BusyFraction"/>: 1 means the singleton is the bottleneck).
/// </summary>
public sealed record DispatcherStats(
    int Slots, int Busy, int Placements, double LatencyP50Ms, double LatencyP99Ms, double Utilization, long Messages, double BusyFraction);

/// <summary>What <c>mopt search archive|delete</c> did: <paramref name="Action"/> is <c>archived</c> or <c>deleted</c>, <paramref name="EventsRemoved"/> journal events went.</summary>
public sealed record CleanupResult(string SearchId, string Action, long EventsRemoved);
