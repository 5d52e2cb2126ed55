using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>
/// <see cref="ICommandApi"/> over a node's command endpoint (HTTP/JSON, bearer token). An error the endpoint answers
/// comes back as the <see cref="CommandException"/> the node raised; a network failure as one with code
/// <see cref="CommandErrorCodes.Unreachable"/> naming the address. Reads are retried on transient failures
/// (<see cref="ModelOptClientOptions.Retries"/>); commands that change something are sent once.
/// </summary>
public sealed class ModelOptClient : ICommandApi, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ModelOptClientOptions _options;

    public ModelOptClient(ModelOptClientOptions options) : this(new HttpClient(Handler(options)), options, ownsHttp: true)
    {
    }

    /// <summary>With <see cref="ModelOptClientOptions.TrustedAuthorities"/>, HTTPS trusts those authorities alone.</summary>
    private static SocketsHttpHandler Handler(ModelOptClientOptions options)
    {
        var handler = new SocketsHttpHandler();
        if (options.TrustedAuthorities is { } authorities)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ServerCertificates.ChainsTo(certificate, errors, authorities);
        return handler;
    }

    public ModelOptClient(Uri baseAddress, string? token = null) : this(new ModelOptClientOptions(baseAddress, token))
    {
    }

    /// <summary>Uses <paramref name="http"/> (e.g. from IHttpClientFactory) as it is, with the options' address and token per request.</summary>
    public ModelOptClient(HttpClient http, ModelOptClientOptions options) : this(http, options, ownsHttp: false)
    {
    }

    private ModelOptClient(HttpClient http, ModelOptClientOptions options, bool ownsHttp)
    {
        _http = http;
        _options = options;
        _ownsHttp = ownsHttp;
        if (ownsHttp) _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    }

    public ModelOptClientOptions Options => _options;

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    public Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<SubmitResponse>(HttpMethod.Post, CommandRoutes.Searches, request, cancellationToken);

    public Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<SearchListing>>(HttpMethod.Get, CommandRoutes.Searches, null, cancellationToken);

    public Task<SearchInfo> GetSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchInfo>(HttpMethod.Get, CommandRoutes.Search(searchId), null, cancellationToken);

    public async Task ExportSearchAsync(string searchId, ExportFormat format, Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await SendWithRetriesAsync(HttpMethod.Get, CommandRoutes.SearchExport(searchId, format), null, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    public Task<SearchPage> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) =>
        SendAsync<SearchPage>(HttpMethod.Get, CommandRoutes.Trials(searchId, query), null, cancellationToken);
    public Task<SearchSpecResponse> GetSearchSpecAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSpecResponse>(HttpMethod.Get, CommandRoutes.SearchSpec(searchId), null, cancellationToken);

    public Task<SearchInfo> StopSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchInfo>(HttpMethod.Post, CommandRoutes.StopSearch(searchId), null, cancellationToken);

    public Task<SearchInfo> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchInfo>(HttpMethod.Post, CommandRoutes.ResumeSearch(searchId), null, cancellationToken);

    public Task<CleanupResult> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<CleanupResult>(HttpMethod.Post, CommandRoutes.ArchiveSearch(searchId), null, cancellationToken);

    public Task<CleanupResult> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<CleanupResult>(HttpMethod.Post, CommandRoutes.DeleteSearch(searchId), null, cancellationToken);

    public Task<TrialInfo> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        SendAsync<TrialInfo>(HttpMethod.Post, CommandRoutes.StopTrial(searchId, trialId), null, cancellationToken);

    public Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        SendAsync<TrialLogs>(HttpMethod.Get, CommandRoutes.TrialLogs(searchId, trialId), null, cancellationToken);

    public async Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await SendWithRetriesAsync(HttpMethod.Get, CommandRoutes.TrialExport(searchId, trialId), null, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    public Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<AskAnswer>(HttpMethod.Post, CommandRoutes.Ask(searchId), request, cancellationToken);

    public Task<TrialDecision> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<TrialDecision>(HttpMethod.Post, CommandRoutes.ReportTrial(searchId, trialId), request, cancellationToken);

    public Task<TrialDecision> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<TrialDecision>(HttpMethod.Post, CommandRoutes.HeartbeatTrial(searchId, trialId), request, cancellationToken);

    public Task<TrialDecision> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<TrialDecision>(HttpMethod.Post, CommandRoutes.TellTrial(searchId, trialId), request, cancellationToken);

    public Task<IReadOnlyList<WorkerSlot>> ListWorkersAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<WorkerSlot>>(HttpMethod.Get, CommandRoutes.Workers, null, cancellationToken);

    public Task<DrainResult> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DrainResult>(HttpMethod.Post, CommandRoutes.Drain, request, cancellationToken);

    public Task<ClusterInfo> ShowClusterAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ClusterInfo>(HttpMethod.Get, CommandRoutes.Cluster, null, cancellationToken);

    public Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ShardHome>>(HttpMethod.Get, CommandRoutes.Shards, null, cancellationToken);

    public Task<DispatcherStats> DispatchStatsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<DispatcherStats>(HttpMethod.Get, CommandRoutes.DispatchStats, null, cancellationToken);

    public Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<NodeResult>(HttpMethod.Post, CommandRoutes.Leave, request, cancellationToken);

    public Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<NodeResult>(HttpMethod.Post, CommandRoutes.Down, request, cancellationToken);

    /// <summary>Sends one request and reads its JSON answer; the building block for routes added later.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(method, path, body, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(CommandJson.Responses, cancellationToken)
                   ?? throw Failure(CommandErrorCodes.Internal, $"{_options.HostPort} answered {path} with an empty body");
        }
        catch (JsonException e)
        {
            throw Failure(CommandErrorCodes.Internal, $"{_options.HostPort} answered {path} with JSON this client cannot read: {e.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var retries = method == HttpMethod.Get ? _options.Retries : 0;
        var delay = _options.RetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, path, body, cancellationToken);
            }
            catch (CommandException e) when (attempt < retries && CommandErrorCodes.IsTransient(e.Code))
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.BaseAddress, path));
        if (_options.Token is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: CommandJson.Requests);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw Failure(CommandErrorCodes.Unreachable, $"cannot reach the command endpoint at {_options.HostPort}: {Reason(e)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(CommandErrorCodes.Unreachable, $"the command endpoint at {_options.HostPort} did not answer within {_options.Timeout.TotalSeconds:0} s");
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
            // Not a command endpoint (a proxy, another service on that port): the status line is all there is.
        }
        if (error is { Code.Length: > 0, Message.Length: > 0 }) return new CommandException(error);
        var code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => CommandErrorCodes.Unauthorized,
            HttpStatusCode.Forbidden => CommandErrorCodes.Forbidden,
            HttpStatusCode.NotFound => CommandErrorCodes.NotFound,
            _ => CommandErrorCodes.Unavailable,
        };
        return Failure(code, $"{_options.HostPort} answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static CommandException Failure(string code, string message) => new(new CommandError(code, message));

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is a coordinator running there?)",
        SocketException s => s.Message,
        { } inner => inner.Message,
        _ => e.Message,
    };
}
