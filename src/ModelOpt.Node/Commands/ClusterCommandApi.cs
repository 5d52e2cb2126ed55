using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Akka.Actor;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Workers;
using ModelOpt.Node.Endpoint;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Node.Commands;

/// <summary>
/// <see cref="ICommandApi"/> on a node: every command goes through the actors (search entities, the search index, the
/// dispatcher, cluster membership, the workers' trial files), never to the journal directly. Inputs are checked against
/// <see cref="InputLimits"/> first.
/// </summary>
/// <param name="endpoint">Its <see cref="CommandEndpointOptions.OnlySearch"/> confines submissions and resumptions to one search.</param>
/// <param name="catalog">The kinds specs are checked with (the node's).</param>
public sealed partial class ClusterCommandApi(SearchCommands searches, ExternalTrialCommands external, ClusterCommands cluster, ActorSystem system, CommandEndpointOptions endpoint,
    SearchCatalog catalog) : ICommandApi
{
    private const int MaxLogLinesPerFile = 2000;
    private static readonly TimeSpan FilesTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Refuses to start a search other than the one this node is confined to, before anything is journaled.</summary>
    private void CheckServed(string? searchId)
    {
        if (endpoint.OnlySearch is { } only && searchId != only)
            throw new CommandException(new CommandError(CommandErrorCodes.Conflict,
                $"this node is the local node of a mopt run and runs only its search {only}; it stops when that search ends, so it takes no other. " +
                "Run another search with its own mopt run, or start a cluster node (ModelOpt.Node) to submit several"));
    }

    public async Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Spec)) throw CommandException.BadRequest("spec", "is required: the spec text (YAML or JSON)");
        if (request.SearchId is not null) InputLimits.CheckId("searchId", request.SearchId);
        CheckServed(request.SearchId);
        try
        {
            SpecParser.Parse(request.Spec, catalog);
        }
        catch (SpecTooLargeException e)
        {
            throw new CommandException(new CommandError(CommandErrorCodes.TooLarge, e.Message));
        }
        catch (SpecException e)
        {
            throw InvalidSpec(e.Errors);
        }

        var result = await searches.SubmitAsync(request.Spec, request.SearchId, cancellationToken);
        if (result.Accepted) return new SubmitResponse(result.SearchId);
        throw new CommandException(new CommandError(CommandErrorCodes.Conflict, string.Join("; ", result.Errors)));
    }

    public Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default) => searches.ListAsync(cancellationToken);

    public async Task<SearchInfo> GetSearchAsync(string searchId, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        return Found(searchId, await searches.GetAsync(searchId, cancellationToken));
    }

    public async Task ExportSearchAsync(string searchId, ExportFormat format, Stream destination, CancellationToken cancellationToken = default) =>
        await TrialTable.WriteAsync(await GetSearchAsync(searchId, cancellationToken), format, destination, cancellationToken);

    public async Task<SearchPage> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        if (query.TrialId is { } trialId) InputLimits.CheckId("trial", trialId);
        if (query.Problem is var (field, message)) throw CommandException.BadRequest(field, message);
        return await searches.GetPageAsync(searchId, query, cancellationToken) ?? throw NoSearch(searchId);
    }

    public async Task<SearchSpecResponse> GetSearchSpecAsync(string searchId, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        return await searches.GetSpecTextAsync(searchId, cancellationToken) is { } spec
            ? new SearchSpecResponse(searchId, spec)
            : throw NoSearch(searchId);
    }

    public async Task<SearchInfo> StopSearchAsync(string searchId, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        return Found(searchId, await searches.StopAsync(searchId, cancellationToken));
    }

    public async Task<SearchInfo> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        CheckServed(searchId);
        return Found(searchId, await searches.ResumeAsync(searchId, cancellationToken));
    }

    public async Task<CleanupResult> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        return Cleaned(await searches.ArchiveAsync(searchId, cancellationToken));
    }

    public async Task<CleanupResult> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        return Cleaned(await searches.DeleteAsync(searchId, cancellationToken));
    }

    private static CleanupResult Cleaned(SearchCleaned cleaned) => cleaned.Refused switch
    {
        null => new CleanupResult(cleaned.SearchId, cleaned.Action, cleaned.EventsRemoved),
        SearchCleaned.NoSuchSearch => throw CommandException.NotFound($"no search '{cleaned.SearchId}'; see: mopt search list"),
        var refused => throw new CommandException(new CommandError(CommandErrorCodes.Conflict, $"search '{cleaned.SearchId}' was not {cleaned.Action}: {refused}")),
    };

    public async Task<TrialInfo> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default)
    {
        await TrialAsync(searchId, trialId, cancellationToken);
        return Found(searchId, await searches.StopTrialAsync(searchId, trialId, cancellationToken)).Trial(trialId)!;
    }

    public async Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default)
    {
        var trial = await TrialAsync(searchId, trialId, cancellationToken);
        var lines = TrialRecord.Lines(trial).ToList();
        if (trial.Node is { } node && await CommandLogDirAsync(searchId, cancellationToken) is { } logDir)
        {
            try
            {
                var logs = await Files(node).Ask<TrialFiles.Logs>(
                    new TrialFiles.ReadLogs(searchId, trialId, logDir, MaxLogLinesPerFile), FilesTimeout, cancellationToken);
                lines.AddRange(logs.Lines);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lines.Add($"(the log files on {node} could not be read: the node did not answer)");
            }
        }
        return new TrialLogs(searchId, trialId, lines);
    }

    public async Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default)
    {
        var trial = await TrialAsync(searchId, trialId, cancellationToken);
        // Straight onto the destination (an HTTP response streams it), so a trial's checkpoints are never held in memory.
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            await TrialRecord.WriteAsync(zip, trial, cancellationToken);
            if (trial.Node is { } node)
            {
                try
                {
                    await CopyWorkerFilesAsync(zip, node, searchId, trialId, await CommandLogDirAsync(searchId, cancellationToken), cancellationToken);
                }
                catch (AskTimeoutException)
                {
                    // The worker that ran the trial is gone: the export still holds the trial's record.
                }
            }
        }
    }

    public Task<IReadOnlyList<WorkerSlot>> ListWorkersAsync(CancellationToken cancellationToken = default) => cluster.WorkersAsync(cancellationToken);

    public async Task<DrainResult> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckNode("node", request.Node);
        var drained = await cluster.DrainAsync(request.Node, !request.Undo, cancellationToken);
        return drained.Slots > 0 ? drained : throw CommandException.NotFound($"no worker node '{request.Node}' has slots registered; see: mopt worker list");
    }

    public Task<ClusterInfo> ShowClusterAsync(CancellationToken cancellationToken = default) => Task.FromResult(cluster.Members());

    public Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default) => cluster.ShardsAsync(cancellationToken);

    public async Task<DispatcherStats> DispatchStatsAsync(CancellationToken cancellationToken = default)
    {
        var s = await cluster.DispatchStatsAsync(cancellationToken);
        return new DispatcherStats(s.Slots, s.Busy, s.Placements, s.LatencyP50Ms, s.LatencyP99Ms, s.Utilization, s.Messages, s.BusyFraction);
    }

    public Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckNode("node", request.Node);
        return Task.FromResult(cluster.Leave(request.Node) ? new NodeResult(request.Node, "leaving") : throw NoMember(request.Node));
    }

    public Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckNode("node", request.Node);
        return Task.FromResult(cluster.Down(request.Node) ? new NodeResult(request.Node, "down") : throw NoMember(request.Node));
    }

    private async Task CopyWorkerFilesAsync(ZipArchive zip, string node, string searchId, string trialId, string? logDir, CancellationToken cancellationToken)
    {
        var exportId = Guid.NewGuid().ToString("N");
        using var archive = new MemoryStream();
        long total;
        do
        {
            var chunk = await Files(node).Ask<TrialFiles.ArchiveChunk>(
                new TrialFiles.ReadArchive(exportId, searchId, trialId, logDir, archive.Length), FilesTimeout, cancellationToken);
            archive.Write(chunk.Data);
            total = chunk.Total;
            if (chunk.Data.Length == 0) break;
        }
        while (archive.Length < total);
        archive.Position = 0;
        using var files = new ZipArchive(archive, ZipArchiveMode.Read);
        foreach (var file in files.Entries)
        {
            await using var source = await file.OpenAsync(cancellationToken);
            await using var target = await zip.CreateEntry(file.FullName).OpenAsync(cancellationToken);
            await source.CopyToAsync(target, cancellationToken);
        }
    }

    /// <summary>The command workload's log directory from the search's spec; null for other workloads.</summary>
    private async Task<string?> CommandLogDirAsync(string searchId, CancellationToken cancellationToken) =>
        await searches.GetSpecTextAsync(searchId, cancellationToken) is { } text ? CommandLogDirectory.Of(SpecParser.ParseAccepted(text, catalog).Workload) : null;

    private ActorSelection Files(string node) => system.ActorSelection($"{node}/user/{TrialFiles.Name}");

    private async Task<TrialInfo> TrialAsync(string searchId, string trialId, CancellationToken cancellationToken)
    {
        InputLimits.CheckId("searchId", searchId);
        InputLimits.CheckId("trialId", trialId);
        var page = await searches.GetPageAsync(searchId, new TrialQuery { TrialId = trialId }, cancellationToken) ?? throw NoSearch(searchId);
        return page.Search.Trial(trialId)
               ?? throw CommandException.NotFound($"search '{searchId}' has no trial '{trialId}' (it has {page.Counts.Total})");
    }

    private static SearchInfo Found(string searchId, SearchInfo? search) => search ?? throw NoSearch(searchId);

    private static CommandException NoSearch(string searchId) => CommandException.NotFound($"no search '{searchId}'; see: mopt search list");

    private static CommandException NoMember(string node) =>
        CommandException.NotFound($"no cluster member '{node}'; see: mopt cluster show");

    private static CommandException InvalidSpec(IReadOnlyList<SpecError> errors) => new(new CommandError(CommandErrorCodes.InvalidSpec,
        errors.Count == 1 ? $"the spec has a problem: {errors[0]}" : $"the spec has {errors.Count} problems",
        [.. errors.Select(e => new InputProblem(e.Path, e.Message, e.Line, e.Column))]));
}
