using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Client;

/// <summary>
/// The endpoint of a local <c>mopt run</c>, until it stops answering: from then on the run's journal answers (read
/// only), so a watch that outlives the run still sees how its search ended.
/// </summary>
public sealed class JournalFallback(ICommandApi endpoint, Func<ICommandApi> journal) : ICommandApi
{
    private ICommandApi? _journal;

    public Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.SubmitSearchAsync(request, cancellationToken));

    public Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default) =>
        Call(api => api.ListSearchesAsync(cancellationToken));

    public Task<SearchInfo> GetSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        Call(api => api.GetSearchAsync(searchId, cancellationToken));

    public Task ExportSearchAsync(string searchId, ExportFormat format, Stream destination, CancellationToken cancellationToken = default) =>
        Call(api => api.ExportSearchAsync(searchId, format, destination, cancellationToken));

    public Task<SearchPage> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) =>
        Call(api => api.GetTrialsAsync(searchId, query, cancellationToken));
    public Task<SearchSpecResponse> GetSearchSpecAsync(string searchId, CancellationToken cancellationToken = default) =>
        Call(api => api.GetSearchSpecAsync(searchId, cancellationToken));

    public Task<SearchInfo> StopSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        Call(api => api.StopSearchAsync(searchId, cancellationToken));

    public Task<SearchInfo> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        Call(api => api.ResumeSearchAsync(searchId, cancellationToken));

    public Task<CleanupResult> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        Call(api => api.ArchiveSearchAsync(searchId, cancellationToken));

    public Task<CleanupResult> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        Call(api => api.DeleteSearchAsync(searchId, cancellationToken));

    public Task<TrialInfo> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        Call(api => api.StopTrialAsync(searchId, trialId, cancellationToken));

    public Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        Call(api => api.TrialLogsAsync(searchId, trialId, cancellationToken));

    public Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default) =>
        Call(api => api.ExportTrialAsync(searchId, trialId, destination, cancellationToken));

    public Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.AskTrialAsync(searchId, request, cancellationToken));

    public Task<TrialDecision> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.ReportTrialAsync(searchId, trialId, request, cancellationToken));

    public Task<TrialDecision> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.HeartbeatTrialAsync(searchId, trialId, request, cancellationToken));

    public Task<TrialDecision> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.TellTrialAsync(searchId, trialId, request, cancellationToken));

    public Task<IReadOnlyList<WorkerSlot>> ListWorkersAsync(CancellationToken cancellationToken = default) =>
        Call(api => api.ListWorkersAsync(cancellationToken));

    public Task<DrainResult> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.DrainWorkerAsync(request, cancellationToken));

    public Task<ClusterInfo> ShowClusterAsync(CancellationToken cancellationToken = default) =>
        Call(api => api.ShowClusterAsync(cancellationToken));

    public Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default) =>
        Call(api => api.ShowShardsAsync(cancellationToken));

    public Task<DispatcherStats> DispatchStatsAsync(CancellationToken cancellationToken = default) =>
        Call(api => api.DispatchStatsAsync(cancellationToken));

    public Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.LeaveAsync(request, cancellationToken));

    public Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        Call(api => api.DownAsync(request, cancellationToken));

    private Task Call(Func<ICommandApi, Task> command) =>
        Call(async api =>
        {
            await command(api);
            return true;
        });

    private async Task<T> Call<T>(Func<ICommandApi, Task<T>> command)
    {
        if (_journal is not null) return await command(_journal);
        try
        {
            return await command(endpoint);
        }
        catch (CommandException e) when (e.Code == CommandErrorCodes.Unreachable)
        {
            _journal = journal();
            return await command(_journal);
        }
    }
}
