using System.IO.Compression;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Workers;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Journal;

/// <summary>
/// The reading half of <see cref="ICommandApi"/> over a journal, with no cluster: searches and trials as their
/// entities would recover them (<see cref="SearchViews"/>), trial logs and exports from the files on this machine.
/// Commands that change something are refused with <see cref="CommandErrorCodes.ReadOnly"/>; workers and membership
/// need a running cluster. <paramref name="checkpointRoot"/>: the node's <c>--checkpoints</c> folder, by default
/// <c>checkpoints</c> beside a SQLite journal (where <c>mopt run</c> puts it).
/// </summary>
public sealed class JournalCommandApi(JournalReader reader, string? checkpointRoot = null) : ICommandApi
{
    private const int MaxLogLinesPerFile = 2000;

    private readonly string? _checkpoints = checkpointRoot ?? (reader.Journal.File is { } file
        ? Path.Combine(Path.GetDirectoryName(file)!, "checkpoints")
        : null);

    public string Description => reader.Journal.Description;

    public async Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default) =>
        await Read(() => reader.ListAsync(cancellationToken));

    public async Task<SearchInfo> GetSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SearchViews.Of(await StateAsync(searchId, cancellationToken))!;

    public async Task ExportSearchAsync(string searchId, ExportFormat format, Stream destination, CancellationToken cancellationToken = default) =>
        await TrialTable.WriteAsync(await GetSearchAsync(searchId, cancellationToken), format, destination, cancellationToken);

    public async Task<SearchPage> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) =>
        SearchViews.Page(await StateAsync(searchId, cancellationToken), query)!;
    public async Task<SearchSpecResponse> GetSearchSpecAsync(string searchId, CancellationToken cancellationToken = default) =>
        new(searchId, (await StateAsync(searchId, cancellationToken)).RequiredSpec.Source);

    public async Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default)
    {
        var state = await StateAsync(searchId, cancellationToken);
        var lines = TrialRecord.Lines(Trial(state, trialId)).ToList();
        lines.AddRange(TrialFiles.LogLines(CommandLogDirectory.Of(state.RequiredSpec.Workload), searchId, trialId, MaxLogLinesPerFile));
        return new TrialLogs(searchId, trialId, lines);
    }

    public async Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default)
    {
        var state = await StateAsync(searchId, cancellationToken);
        var trial = Trial(state, trialId);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        await TrialRecord.WriteAsync(zip, trial, cancellationToken);
        TrialFiles.AddFiles(zip, _checkpoints, CommandLogDirectory.Of(state.RequiredSpec.Workload), searchId, trialId);
    }

    public Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default) =>
        throw ReadOnly("submit a search");

    public Task<SearchInfo> StopSearchAsync(string searchId, CancellationToken cancellationToken = default) => throw ReadOnly($"stop '{searchId}'");

    public Task<SearchInfo> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default) => throw ReadOnly($"resume '{searchId}'");

    public Task<CleanupResult> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default) => throw ReadOnly($"archive '{searchId}'");

    public Task<CleanupResult> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default) => throw ReadOnly($"delete '{searchId}'");

    public Task<TrialInfo> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        throw ReadOnly($"stop '{searchId}/{trialId}'");

    public Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default) =>
        throw ReadOnly($"ask '{searchId}' for a trial");

    public Task<TrialDecision> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default) =>
        throw ReadOnly($"report on '{searchId}/{trialId}'");

    public Task<TrialDecision> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default) =>
        throw ReadOnly($"renew the lease of '{searchId}/{trialId}'");

    public Task<TrialDecision> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default) =>
        throw ReadOnly($"tell '{searchId}/{trialId}'");

    public Task<IReadOnlyList<WorkerSlot>> ListWorkersAsync(CancellationToken cancellationToken = default) => throw NoCluster("worker slots");

    public Task<DrainResult> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default) => throw ReadOnly($"drain '{request.Node}'");

    public Task<ClusterInfo> ShowClusterAsync(CancellationToken cancellationToken = default) => throw NoCluster("cluster members");

    public Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default) => throw NoCluster("search shards");

    public Task<DispatcherStats> DispatchStatsAsync(CancellationToken cancellationToken = default) => throw NoCluster("dispatcher");

    public Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default) => throw ReadOnly($"ask '{request.Node}' to leave");

    public Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default) => throw ReadOnly($"down '{request.Node}'");

    private async Task<SearchState> StateAsync(string searchId, CancellationToken cancellationToken) =>
        await Read(() => reader.LoadAsync(searchId, cancellationToken))
        ?? throw CommandException.NotFound($"no search '{searchId}' in the journal {Description}; see: mopt --journal {Description} search list");

    private static TrialInfo Trial(SearchState state, string trialId) =>
        state.Trial(trialId) is { } trial
            ? SearchViews.Of(trial)
            : throw CommandException.NotFound($"search '{state.SearchId}' has no trial '{trialId}' (it has {state.Trials.Count})");

    /// <summary>A journal that cannot be read becomes one command error naming it.</summary>
    private static async Task<T> Read<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (JournalException e)
        {
            throw new CommandException(new CommandError(CommandErrorCodes.Unavailable, e.Message));
        }
    }

    private CommandException ReadOnly(string what) => CommandException.ReadOnly(
        $"cannot {what}: the journal {Description} is open read-only here; steer the search through the node that runs it (mopt host:port …)");

    private CommandException NoCluster(string what) => new(new CommandError(CommandErrorCodes.Unavailable,
        $"a journal has no {what}: they belong to a running cluster (mopt host:port …)"));
}
