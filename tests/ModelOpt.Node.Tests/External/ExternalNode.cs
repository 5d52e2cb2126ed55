using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Node.Endpoint;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.External;

/// <summary>
/// A real coordinator node in this process (no worker: external trials need none) with its SQLite journal in a temp
/// directory and the command endpoint on 127.0.0.1:28110 (this suite's own ports, 28000–28999), with a full and a
/// read-only token. Clients talk to it only over HTTP.
/// </summary>
public sealed class ExternalNode : IAsyncLifetime
{
    public const int EndpointPort = 28110;
    public const int AkkaPort = 28053;
    public const string FullToken = "full-token-for-external-trial-tests-3c9d";
    public const string ReadOnlyToken = "read-only-token-for-external-trial-tests-81e2";

    private InProcessNode? _node;

    public string Url => $"http://127.0.0.1:{EndpointPort}";

    public string Dir => (_node ?? throw new InvalidOperationException("the node has not started")).Dir;

    public async Task InitializeAsync() =>
        _node = await InProcessNode.StartAsync("external-node", dir => new NodeOptions
        {
            Roles = [CoordinatorHostingExtensions.CoordinatorRole],
            Port = AkkaPort,
            Journal = Path.Combine(dir, "journal.db"),
            LogLevel = LogLevel.Warning,
            Endpoint = new CommandEndpointOptions { Port = EndpointPort, Bind = "127.0.0.1", Token = FullToken, ReadOnlyToken = ReadOnlyToken },
        });

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }

    public HttpClient Http(string? token = FullToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Submits a spec over HTTP, retrying while the node's cluster is still forming; returns the search id.</summary>
    public async Task<string> SubmitAsync(string spec)
    {
        using var http = Http();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/searches", new { spec });
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode) return JsonNode.Parse(body)!["searchId"]!.GetValue<string>();
            if ((int)response.StatusCode != 503 || DateTime.UtcNow > deadline) throw new InvalidOperationException($"submit failed: {(int)response.StatusCode} {body}");
            await Task.Delay(200);
        }
    }

    /// <summary>POSTs a JSON body and returns the status and the parsed answer.</summary>
    public static async Task<(int Status, JsonNode Body)> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) ?? throw new InvalidOperationException($"empty answer to {path}"));
    }
}

[CollectionDefinition(Name)]
public sealed class ExternalNodeCollection : ICollectionFixture<ExternalNode>
{
    public const string Name = "external trial node";
}
