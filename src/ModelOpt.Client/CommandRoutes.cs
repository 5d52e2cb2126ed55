using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>
/// The endpoint's paths, shared by the node and the client. GET routes only read (a read-only token may call them);
/// POST routes change something.
/// </summary>
public static class CommandRoutes
{
    public const string Searches = "/api/v1/searches";
    public const string Workers = "/api/v1/workers";
    public const string Drain = "/api/v1/workers/drain";
    public const string Cluster = "/api/v1/cluster";
    public const string Shards = "/api/v1/cluster/shards";
    public const string DispatchStats = "/api/v1/workers/stats";
    public const string Leave = "/api/v1/cluster/leave";
    public const string Down = "/api/v1/cluster/down";

    public static string Search(string searchId) => $"{Searches}/{Uri.EscapeDataString(searchId)}";

    /// <summary>Every trial of the search as CSV or JSON Lines, streamed (<see cref="TrialTable"/>).</summary>
    public static string SearchExport(string searchId, Models.ExportFormat format) => $"{Search(searchId)}/export?format={CommandJson.Name(format)}";
    public static string SearchSpec(string searchId) => $"{Search(searchId)}/spec";

    public static string StopSearch(string searchId) => $"{Search(searchId)}/stop";

    public static string ResumeSearch(string searchId) => $"{Search(searchId)}/resume";

    public static string ArchiveSearch(string searchId) => $"{Search(searchId)}/archive";

    public static string DeleteSearch(string searchId) => $"{Search(searchId)}/delete";

    /// <summary>One page of a search's trials; see <see cref="TrialPageQuery"/> for the query string.</summary>
    public static string Trials(string searchId, TrialQuery query) => $"{Search(searchId)}/trials{TrialPageQuery.Format(query)}";

    public static string Ask(string searchId) => $"{Search(searchId)}/ask";

    public static string ReportTrial(string searchId, string trialId) => $"{Trial(searchId, trialId)}/report";

    public static string HeartbeatTrial(string searchId, string trialId) => $"{Trial(searchId, trialId)}/heartbeat";

    public static string TellTrial(string searchId, string trialId) => $"{Trial(searchId, trialId)}/tell";

    public static string Trial(string searchId, string trialId) => $"{Search(searchId)}/trials/{Uri.EscapeDataString(trialId)}";

    public static string StopTrial(string searchId, string trialId) => $"{Trial(searchId, trialId)}/stop";

    public static string TrialLogs(string searchId, string trialId) => $"{Trial(searchId, trialId)}/logs";

    public static string TrialExport(string searchId, string trialId) => $"{Trial(searchId, trialId)}/export";
}
