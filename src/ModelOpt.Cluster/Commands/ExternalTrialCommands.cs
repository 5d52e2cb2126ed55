using Akka.Actor;
using Akka.Hosting;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Searches.External;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Commands;

/// <summary>
/// Ask, report, heartbeat and tell for external searches (trials run by clients), through the search shard region. Each
/// answer comes once the search has journaled what the call changed.
/// </summary>
public sealed class ExternalTrialCommands(IRequiredActor<SearchRegionKey> searches)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public Task<AskReply> AskAsync(string searchId, string client, string? requestId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var parked = wait < SearchEntity.MaxAskWait ? wait : SearchEntity.MaxAskWait;
        return Ask<AskReply>(new AskTrial(searchId, client, requestId, parked), AskTimeout + parked, cancellationToken);
    }

    public Task<ExternalVerdict> ReportAsync(string searchId, string trialId, int attempt, EpochReport report, CancellationToken cancellationToken = default) =>
        Ask<ExternalVerdict>(new ReportExternalTrial(searchId, trialId, attempt, report), AskTimeout, cancellationToken);

    public Task<ExternalVerdict> HeartbeatAsync(string searchId, string trialId, int attempt, CancellationToken cancellationToken = default) =>
        Ask<ExternalVerdict>(new HeartbeatExternalTrial(searchId, trialId, attempt), AskTimeout, cancellationToken);

    public Task<ExternalVerdict> TellAsync(string searchId, string trialId, int attempt, IReadOnlyDictionary<string, double> metrics, string? failure,
        CancellationToken cancellationToken = default) =>
        Ask<ExternalVerdict>(new TellExternalTrial(searchId, trialId, attempt, metrics, failure), AskTimeout, cancellationToken);

    private async Task<T> Ask<T>(ISearchMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var region = await searches.GetAsync(cancellationToken);
        return await region.Ask<T>(message, timeout, cancellationToken);
    }
}
