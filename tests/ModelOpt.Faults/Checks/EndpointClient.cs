using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Faults.Lab;
using ModelOpt.Node.Commands;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// The command endpoint as a user reaches it (HTTP/JSON with a bearer token): the checker's window on the cluster.
/// With a lab host, connections are opened inside that host's namespace, like a user logged in on it, so the
/// endpoint stays reachable from the test while the host is cut off from the other nodes.
/// </summary>
public sealed class EndpointClient : IDisposable
{
    private readonly HttpClient _http;

    public EndpointClient(LabHost? host, IPAddress address, int port, string token, TimeSpan? timeout = null)
    {
        _http = NamespacedHttp.Create(host, new Uri($"http://{address}:{port}"), timeout ?? TimeSpan.FromSeconds(15));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<string> SubmitAsync(string spec, string? searchId = null, CancellationToken cancellationToken = default) =>
        (await SendAsync<SubmitResponse>(HttpMethod.Post, CommandRoutes.Searches, new SubmitRequest(spec, searchId), cancellationToken)).SearchId;

    public Task<SearchSnapshot> SearchAsync(string searchId, CancellationToken cancellationToken = default) =>
        SendAsync<SearchSnapshot>(HttpMethod.Get, CommandRoutes.Search(searchId), null, cancellationToken);

    public Task<List<SlotInfo>> WorkersAsync(CancellationToken cancellationToken = default) =>
        SendAsync<List<SlotInfo>>(HttpMethod.Get, CommandRoutes.Workers, null, cancellationToken);

    public Task<ClusterView> ClusterAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ClusterView>(HttpMethod.Get, CommandRoutes.Cluster, null, cancellationToken);

    /// <summary>The answer, or null while the endpoint cannot answer (node down, cluster forming, timeout).</summary>
    public async Task<T?> TryAsync<T>(Func<EndpointClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default) where T : class
    {
        try
        {
            return await call(this, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or EndpointException or IOException or SocketException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Submits, retrying while the cluster forms or fails over (no coordinator answers yet).</summary>
    public async Task<string> SubmitWhenReadyAsync(string spec, TimeSpan timeout, string? searchId = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await SubmitAsync(spec, searchId);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or EndpointException { Status: >= 500 } && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>
    /// Polls the search until <paramref name="until"/> holds (each answer also goes to <paramref name="observer"/>);
    /// unanswered polls are skipped. Throws <see cref="TimeoutException"/> with the last state seen and <paramref name="diagnostics"/>.
    /// </summary>
    public async Task<SearchSnapshot> WaitForSearchAsync(string searchId, Func<SearchSnapshot, bool> until, TimeSpan timeout,
        SearchObserver? observer = null, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        SearchSnapshot? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryAsync((c, ct) => c.SearchAsync(searchId, ct)) is { } snapshot)
            {
                last = snapshot;
                observer?.Observe(snapshot);
                if (until(snapshot)) return snapshot;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"search {searchId} did not get there within {timeout.TotalSeconds:0} s; last seen: "
                                   + (last is null ? "no answer" : Describe(last)) + (diagnostics is null ? "" : "\n" + diagnostics()));
    }

    public static string Describe(SearchSnapshot s) =>
        $"{s.Status}: " + string.Join(", ", s.Trials.Select(t => $"{t.Id}={t.Phase}/{t.Attempts}"));

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: CommandJson.Requests);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new EndpointException((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        return await response.Content.ReadFromJsonAsync<T>(CommandJson.Responses, cancellationToken)
               ?? throw new EndpointException((int)response.StatusCode, "empty answer");
    }
}

/// <summary>The endpoint answered with an error status.</summary>
public sealed class EndpointException(int status, string body) : Exception($"HTTP {status}: {body}")
{
    public int Status { get; } = status;
}
