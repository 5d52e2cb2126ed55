using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Node.Commands;

/// <summary>
/// Every command users give a cluster, typed. The node implements it through the actors (<see cref="ClusterCommandApi"/>),
/// the HTTP endpoint exposes it, and <c>mopt</c>'s client implements it over HTTP, so a Petabridge.Cmd palette would be
/// one more thin caller. Failures are <see cref="CommandException"/>s carrying a <see cref="CommandError"/>.
/// </summary>
public interface ICommandApi
{
    Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default);

    /// <summary>The whole search, every trial with its curve: O(trials). Large searches are read a page at a time with <see cref="GetTrialsAsync"/>.</summary>
    Task<SearchSnapshot> GetSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>The search's summary (counts, best trial) with one page of its trials.</summary>
    Task<SearchSnapshot> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default);

    Task<SearchSnapshot> StopSearchAsync(string searchId, CancellationToken cancellationToken = default);

    Task<SearchSnapshot> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Compacts an ended search's events into one snapshot; it stays readable.</summary>
    Task<SearchCleaned> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Deletes an ended search from the journal.</summary>
    Task<SearchCleaned> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default);

    Task<SearchSnapshot> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default);

    Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default);

    /// <summary>Writes a zip of the trial (<c>trial.json</c>, <c>checkpoints/…</c>, <c>logs/…</c>) to <paramref name="destination"/>.</summary>
    Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SlotInfo>> ListWorkersAsync(CancellationToken cancellationToken = default);

    Task<NodeDrained> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default);

    Task<ClusterView> ShowClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>Which coordinator holds how many shards and searches.</summary>
    Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default);

    /// <summary>The dispatcher's slots, placements, dispatch latency, utilization and busy fraction.</summary>
    Task<DispatchStats> DispatchStatsAsync(CancellationToken cancellationToken = default);

    Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default);

    Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default);
}
