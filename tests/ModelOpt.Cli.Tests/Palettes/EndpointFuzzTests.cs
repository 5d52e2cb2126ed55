using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Search.Tests.Fuzzing;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>A node for the endpoint's fuzz tests alone (21145 command endpoint, 21146 remoting): they may start searches.</summary>
public sealed class EndpointFuzzNode() : CommandNode(21146, 21145);

/// <summary>
/// Whatever a client sends, the endpoint answers with a JSON body and a status that says whose fault it was (200, or
/// 400/404/409/413 with an error code), never a 5xx or a dropped connection: mutated and random request bodies for
/// submit and drain, and random ids in paths, over real HTTP.
/// </summary>
public sealed class EndpointFuzzTests(EndpointFuzzNode node, ITestOutputHelper output) : IClassFixture<EndpointFuzzNode>, IDisposable
{
    private static readonly HttpStatusCode[] Answers =
        [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e309", "-1", "\\u0000", "\\ud800", "\"spec\":", "\"searchId\":", "\"node\":",
        "\"undo\":", "\"extra\":1", "\\n", "&a [*a]", "maxTrials: 100000000", "../../etc", "%00", "\uD800",
    ];

    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://{node.Address}"),
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", CommandNode.FullToken) },
    };

    public void Dispose() => _http.Dispose();

    [Fact]
    public void Mutated_and_random_request_bodies_get_a_json_answer_with_a_client_status()
    {
        var spec = JsonSerializer.Serialize(new SubmitRequest(
            "apiVersion: modelopt/v1\nname: fuzz\nobjective: {metric: value, mode: min}\nspace:\n  x0: {type: float, low: -5, high: 10}\n" +
            "  x1: {type: float, low: 0, high: 15}\nbudget: {maxTrials: 1}\nworkload: {kind: function, function: branin}\n", "fuzz-a"), CommandJson.Requests);
        var drain = JsonSerializer.Serialize(new NodeRequest("10.9.9.9:4053"), CommandJson.Requests);
        var bodies = Gen.OneOf(Fuzz.Mutations([spec, drain, "{}", "[]"], Fragments), Gen.String[Gen.Char["{}[]\":,0123456789abcnulltrue\\ "], 0, 200]);
        var gen = Gen.Select(Gen.Bool, bodies);
        WaitUntilServing();

        var slowest = Fuzz.Check(gen, input =>
        {
            var (submit, body) = input;
            Answered(Send(HttpMethod.Post, submit ? CommandRoutes.Searches : CommandRoutes.Drain, body));
        }, input => $"{(input.Item1 ? "submit" : "drain")}: {input.Item2}");

        output.WriteLine($"{Fuzz.Cases} cases, slowest {slowest.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public void Random_ids_in_paths_get_a_json_answer_with_a_client_status()
    {
        var segment = Gen.String[Gen.Char["abz09.-_%/\\:?#&=+ \u00e9\u4e2d"], 0, 300];
        var gen = Gen.Select(segment, segment, Gen.Int[0, 3]);
        WaitUntilServing();

        var slowest = Fuzz.Check(gen, input =>
        {
            var (search, trial, route) = input;
            var (method, path) = route switch
            {
                0 => (HttpMethod.Get, CommandRoutes.Search(search)),
                1 => (HttpMethod.Get, CommandRoutes.TrialLogs(search, trial)),
                2 => (HttpMethod.Post, CommandRoutes.StopSearch(search)),
                _ => (HttpMethod.Post, CommandRoutes.StopTrial(search, trial)),
            };
            Answered(Send(method, path, null));
        }, input => $"{input.Item3}: {input.Item1} / {input.Item2}");

        output.WriteLine($"{Fuzz.Cases} cases, slowest {slowest.TotalMilliseconds:0.0} ms");
    }

    /// <summary>The first commands wait for the cluster to form; the per-case limit is for the commands after that.</summary>
    private void WaitUntilServing()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = Send(HttpMethod.Get, CommandRoutes.Searches, null);
            if (response.StatusCode == HttpStatusCode.OK) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the endpoint still answers {response.StatusCode}");
            Thread.Sleep(200);
        }
    }

    private HttpResponseMessage Send(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return _http.Send(request);
    }

    private static void Answered(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Contains(response.StatusCode, Answers);
            using var json = JsonDocument.Parse(response.Content.ReadAsStream());
            if (response.StatusCode != HttpStatusCode.OK)
                Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("code").GetString()));
        }
    }
}
