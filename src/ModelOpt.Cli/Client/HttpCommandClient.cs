using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Node.Commands;

namespace ModelOpt.Cli.Client;

/// <summary>
/// <see cref="ICommandApi"/> over the node's HTTP endpoint. An endpoint error comes back as the same
/// <see cref="CommandException"/> the node raised; a network failure as a <see cref="CliFailure"/> with exit code
/// <see cref="ExitCodes.Unreachable"/> naming the host.
/// </summary>
public sealed class HttpCommandClient : ICommandApi, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly Connection _connection;

    public HttpCommandClient(Connection connection)
    {
        _connection = connection;
        _http = new HttpClient { BaseAddress = connection.BaseAddress, Timeout = Timeout };
        if (connection.Token is { } token) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public void Dispose() => _http.Dispose();

    public Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<SubmitResponse>(HttpMethod.Post, CommandRoutes.Searches, request, cancellationToken);

    public Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<SearchListing>>(HttpMethod.Get, CommandRoutes.Searches, null, cancellationToken);

    public Task<SearchSnapshot> GetSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSnapshot>(HttpMethod.Get, CommandRoutes.Search(searchId), null, cancellationToken);

    public Task<SearchSnapshot> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSnapshot>(HttpMethod.Get, CommandRoutes.Trials(searchId, query), null, cancellationToken);

    public Task<SearchSnapshot> StopSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSnapshot>(HttpMethod.Post, CommandRoutes.StopSearch(searchId), null, cancellationToken);

    public Task<SearchSnapshot> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSnapshot>(HttpMethod.Post, CommandRoutes.ResumeSearch(searchId), null, cancellationToken);

    public Task<SearchCleaned> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchCleaned>(HttpMethod.Post, CommandRoutes.ArchiveSearch(searchId), null, cancellationToken);

    public Task<SearchCleaned> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchCleaned>(HttpMethod.Post, CommandRoutes.DeleteSearch(searchId), null, cancellationToken);

    public Task<SearchSnapshot> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSnapshot>(HttpMethod.Post, CommandRoutes.StopTrial(searchId, trialId), null, cancellationToken);

    public Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        SendAsync<TrialLogs>(HttpMethod.Get, CommandRoutes.TrialLogs(searchId, trialId), null, cancellationToken);

    public async Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, CommandRoutes.TrialExport(searchId, trialId), null, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    public Task<IReadOnlyList<SlotInfo>> ListWorkersAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<SlotInfo>>(HttpMethod.Get, CommandRoutes.Workers, null, cancellationToken);

    public Task<NodeDrained> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<NodeDrained>(HttpMethod.Post, CommandRoutes.Drain, request, cancellationToken);

    public Task<ClusterView> ShowClusterAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ClusterView>(HttpMethod.Get, CommandRoutes.Cluster, null, cancellationToken);

    public Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ShardHome>>(HttpMethod.Get, CommandRoutes.Shards, null, cancellationToken);

    public Task<DispatchStats> DispatchStatsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<DispatchStats>(HttpMethod.Get, CommandRoutes.DispatchStats, null, cancellationToken);

    public Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<NodeResult>(HttpMethod.Post, CommandRoutes.Leave, request, cancellationToken);

    public Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<NodeResult>(HttpMethod.Post, CommandRoutes.Down, request, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(CommandJson.Responses, cancellationToken)
                   ?? throw new CliFailure(ExitCodes.Failed, $"{_connection.HostPort} answered {path} with an empty body");
        }
        catch (JsonException e)
        {
            throw new CliFailure(ExitCodes.Failed, $"{_connection.HostPort} answered {path} with JSON this mopt cannot read: {e.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: CommandJson.Requests);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the command endpoint at {_connection.HostPort}: {Reason(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"the command endpoint at {_connection.HostPort} did not answer within {Timeout.TotalSeconds:0} s");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(response, cancellationToken);
    }

    private async Task<CommandException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        CommandError? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<CommandError>(CommandJson.Responses, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not our endpoint (a proxy, another service on that port): fall back to the status line.
        }
        var code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => CommandErrorCodes.Unauthorized,
            HttpStatusCode.Forbidden => CommandErrorCodes.Forbidden,
            HttpStatusCode.NotFound => CommandErrorCodes.NotFound,
            _ => CommandErrorCodes.Unavailable,
        };
        return new CommandException(error ?? new CommandError(code, $"{_connection.HostPort} answered {(int)response.StatusCode} {response.ReasonPhrase}"));
    }

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is a coordinator running there?)",
        SocketException s => s.Message,
        { } inner => inner.Message,
        _ => e.Message,
    };
}
