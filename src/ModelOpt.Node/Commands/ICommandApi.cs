using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Searches.External;

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

    Task<SearchSnapshot> GetSearchAsync(string searchId, CancellationToken cancellationToken = default);

    Task<SearchSnapshot> StopSearchAsync(string searchId, CancellationToken cancellationToken = default);

    Task<SearchSnapshot> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default);

    Task<SearchSnapshot> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default);

    Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default);

    /// <summary>Writes a zip of the trial (<c>trial.json</c>, <c>checkpoints/…</c>, <c>logs/…</c>) to <paramref name="destination"/>.</summary>
    Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>External searches: a trial for the asking client (<see cref="AskStatus.Trial"/>), or wait, or ended.</summary>
    Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default);

    /// <summary>An epoch's metrics; the answer says continue or stop. A lost lease is a <c>lease_lost</c> error.</summary>
    Task<ExternalVerdict> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default);

    Task<ExternalVerdict> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default);

    Task<ExternalVerdict> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SlotInfo>> ListWorkersAsync(CancellationToken cancellationToken = default);

    Task<NodeDrained> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default);

    Task<ClusterView> ShowClusterAsync(CancellationToken cancellationToken = default);

    Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default);

    Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default);
}
