using ModelOpt.Cluster.Searches.External;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Commands;

/// <summary>
/// Ask, report, heartbeat and tell for external searches (trials run by clients), through the search's entity. Each
/// answer comes once the search has journaled what the call changed.
/// </summary>
public interface IExternalTrialCommands
{
    /// <summary>A trial for <paramref name="client"/> to run, or why there is none; waits up to <paramref name="wait"/> for one to free.</summary>
    Task<AskAnswer> AskAsync(string searchId, string client, string? requestId, TimeSpan wait, CancellationToken cancellationToken = default);

    Task<ExternalVerdict> ReportAsync(string searchId, string trialId, int attempt, EpochReport report, CancellationToken cancellationToken = default);

    Task<ExternalVerdict> HeartbeatAsync(string searchId, string trialId, int attempt, CancellationToken cancellationToken = default);

    /// <summary>Completes the attempt with <paramref name="metrics"/>, or fails it when <paramref name="failure"/> is given.</summary>
    Task<ExternalVerdict> TellAsync(string searchId, string trialId, int attempt, IReadOnlyDictionary<string, double> metrics, string? failure,
        CancellationToken cancellationToken = default);
}
