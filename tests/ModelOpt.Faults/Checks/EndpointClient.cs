using System.Net;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Faults.Lab;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// The command endpoint as a user reaches it: the product's own client (<see cref="ModelOptClient"/>, HTTP/JSON with a
/// bearer token), the checker's window on the cluster. With a lab host, connections are opened inside that host's
/// namespace, like a user logged in on it, so the endpoint stays reachable from the test while the host is cut off
/// from the other nodes. Adds the patience a fault test needs: answers that cannot come now (<see cref="TryAsync"/>),
/// submitting while a cluster forms, waiting for a search to get somewhere.
/// </summary>
public sealed class EndpointClient : IDisposable
{
    private readonly HttpClient _http;

    public EndpointClient(LabHost? host, IPAddress address, int port, string token, TimeSpan? timeout = null)
    {
        var baseAddress = new Uri($"http://{address}:{port}");
        _http = NamespacedHttp.Create(host, baseAddress, Timeout.InfiniteTimeSpan);
        Api = new ModelOptClient(_http, new ModelOptClientOptions(baseAddress, token) { Timeout = timeout ?? TimeSpan.FromSeconds(15), Retries = 0 });
    }

    public ModelOptClient Api { get; }

    public async Task<string> SubmitAsync(string spec, string? searchId = null, CancellationToken cancellationToken = default) =>
        (await Api.SubmitSearchAsync(new SubmitRequest(spec, searchId), cancellationToken)).SearchId;

    public Task<SearchInfo> SearchAsync(string searchId, CancellationToken cancellationToken = default) => Api.GetSearchAsync(searchId, cancellationToken);

    public Task<IReadOnlyList<WorkerSlot>> WorkersAsync(CancellationToken cancellationToken = default) => Api.ListWorkersAsync(cancellationToken);

    public Task<ClusterInfo> ClusterAsync(CancellationToken cancellationToken = default) => Api.ShowClusterAsync(cancellationToken);

    /// <summary>The answer, or null while the endpoint cannot answer (node down, cluster forming or failing over, timeout).</summary>
    public async Task<T?> TryAsync<T>(Func<EndpointClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default) where T : class
    {
        try
        {
            return await call(this, cancellationToken);
        }
        catch (CommandException e) when (CommandErrorCodes.IsTransient(e.Code) && !cancellationToken.IsCancellationRequested)
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
            catch (CommandException e) when (CommandErrorCodes.IsTransient(e.Code) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>
    /// Polls the search until <paramref name="until"/> holds (each answer also goes to <paramref name="observer"/>);
    /// unanswered polls are skipped. Throws <see cref="TimeoutException"/> with the last state seen and <paramref name="diagnostics"/>.
    /// </summary>
    public async Task<SearchInfo> WaitForSearchAsync(string searchId, Func<SearchInfo, bool> until, TimeSpan timeout,
        SearchObserver? observer = null, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        SearchInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryAsync((c, ct) => c.SearchAsync(searchId, ct)) is { } search)
            {
                last = search;
                observer?.Observe(search);
                if (until(search)) return search;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"search {searchId} did not get there within {timeout.TotalSeconds:0} s; last seen: "
                                   + (last is null ? "no answer" : Describe(last)) + (diagnostics is null ? "" : "\n" + diagnostics()));
    }

    public static string Describe(SearchInfo s) =>
        $"{s.Status}: " + string.Join(", ", s.Trials.Select(t => $"{t.TrialId}={t.Status}/{t.Attempts}"));

    public void Dispose()
    {
        Api.Dispose();
        _http.Dispose();
    }
}
