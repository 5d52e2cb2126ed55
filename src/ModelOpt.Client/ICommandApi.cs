using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>
/// Every command users give a cluster, typed, in one interface: a coordinator node implements it through its actors,
/// the command endpoint serves it over HTTP, <see cref="ModelOptClient"/> calls it over HTTP, and a journal opened
/// read-only implements its reading half (the rest refused with <c>read_only</c>). <c>mopt</c>'s palettes run on any of
/// them. Failures are <see cref="Errors.CommandException"/>s carrying an <see cref="Errors.CommandError"/>.
/// </summary>
public interface ICommandApi
{
    Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default);

    /// <summary>Every search, oldest first.</summary>
    Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default);

    /// <summary>The whole search, every trial with its curve: O(trials). Large searches are read a page at a time with <see cref="GetTrialsAsync"/>.</summary>
    Task<SearchInfo> GetSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Writes every trial of the search to <paramref name="destination"/> as a table (<see cref="TrialTable"/>), row by row.</summary>
    Task ExportSearchAsync(string searchId, ExportFormat format, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>The search's summary (counts, best trial) with one page of its trials.</summary>
    Task<SearchPage> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default);
    /// <summary>The spec text the search was submitted with.</summary>
    Task<SearchSpecResponse> GetSearchSpecAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Cancels the search: its running trials stop and free their slots.</summary>
    Task<SearchInfo> StopSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Continues a cancelled search with the rest of its budget.</summary>
    Task<SearchInfo> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Compacts an ended search's journal events into one snapshot; it stays readable.</summary>
    Task<CleanupResult> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Deletes an ended search from the journal: its events, snapshots and listing.</summary>
    Task<CleanupResult> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Stops one trial now (recorded as stopped by user); answers the trial as it is then.</summary>
    Task<TrialInfo> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default);

    Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default);

    /// <summary>Writes a zip of the trial (<c>trial.json</c>, <c>checkpoints/…</c>, <c>logs/…</c>) to <paramref name="destination"/>.</summary>
    Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// External searches (<c>workload.kind: external</c>): a trial for the asking program, or <c>wait</c>, or <c>ended</c>.
    /// <see cref="External.ExternalSearch"/> wraps ask, report, heartbeat and tell into a trial loop with the lease kept alive.
    /// </summary>
    Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default);

    /// <summary>An epoch's metrics; the answer says continue or stop. An attempt that lost its lease gets <c>lease_lost</c>.</summary>
    Task<TrialDecision> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default);

    /// <summary>Keeps the attempt's lease alive; answers as a report does.</summary>
    Task<TrialDecision> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends the attempt with its final metrics, or as failed.</summary>
    Task<TrialDecision> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkerSlot>> ListWorkersAsync(CancellationToken cancellationToken = default);

    Task<DrainResult> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default);

    Task<ClusterInfo> ShowClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>Which coordinator holds how many search shards and searches.</summary>
    Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default);

    /// <summary>The dispatcher's slots, placements, dispatch latency, utilization and busy fraction.</summary>
    Task<DispatcherStats> DispatchStatsAsync(CancellationToken cancellationToken = default);

    Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default);

    Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default);
}
