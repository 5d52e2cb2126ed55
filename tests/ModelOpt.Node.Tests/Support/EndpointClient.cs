using System.Net.Http.Headers;
using System.Net.Http.Json;
using ModelOpt.Client;

namespace ModelOpt.Node.Tests.Support;

/// <summary>The command endpoint of a node process, over plain HTTP/JSON with a bearer token, as any client sees it.</summary>
public sealed class EndpointClient(int port, string token) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public async Task<T> GetAsync<T>(string path) =>
        await _http.GetFromJsonAsync<T>(path, CommandJson.Responses) ?? throw new InvalidOperationException($"{path}: empty answer");

    public async Task<HttpResponseMessage> PostAsync(string path, object body) =>
        await _http.PostAsJsonAsync(path, body, CommandJson.Requests);

    /// <summary>
    /// Asks <paramref name="path"/> until the answer satisfies <paramref name="until"/>; refused connections and errors
    /// while the node starts are retried. Throws with the last answer and <paramref name="log"/> at the deadline.
    /// </summary>
    public async Task<T> WaitForAsync<T>(string path, Func<T, bool> until, TimeSpan timeout, Func<string> log)
    {
        var deadline = DateTime.UtcNow + timeout;
        object? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = await GetAsync<T>(path);
                if (until(answer)) return answer;
                last = answer;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{path} did not get there in {timeout}; last answer: {last}\n{log()}");
    }

    public void Dispose() => _http.Dispose();
}
