using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node.Commands;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>Tokens, read-only tokens, unreachable hosts and the endpoint's input checks.</summary>
[Collection(CommandNodeCollection.Name)]
public sealed class AccessTests(CommandNode node)
{
    private string ConfigHome => Path.Combine(node.Dir, "config-access");

    [Fact]
    public async Task Without_a_token_the_endpoint_answers_401_logs_it_and_mopt_exits_4()
    {
        var result = await new MoptRunner(ConfigHome).RunAsync(CommandNode.Host, "search", "list");
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://{CommandNode.Host}{CommandRoutes.Searches}");

        Assert.True(result.Exit == 4, result.ToString());
        Assert.Contains("no token given", result.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"code\":\"unauthorized\"", await response.Content.ReadAsStringAsync());
        Assert.Contains(node.Logs, l => l.Contains("refused GET /api/v1/searches", StringComparison.Ordinal) && l.Contains("no bearer token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_exit_4_and_never_logged()
    {
        const string wrong = "wrong-token-that-must-not-be-logged";

        var result = await new MoptRunner(ConfigHome, new Dictionary<string, string> { ["MOPT_TOKEN"] = wrong }).RunAsync(CommandNode.Host, "worker", "list");

        Assert.True(result.Exit == 4, result.ToString());
        Assert.Contains(node.Logs, l => l.Contains("invalid bearer token", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Logs, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_only_token_lists_but_cannot_stop_a_search()
    {
        var spec = TestSpecs.Write(node.Dir, "slow-readonly.yaml", TestSpecs.SlowCurve);
        var full = new MoptRunner(ConfigHome, new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });
        var readOnly = new MoptRunner(ConfigHome, new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.ReadOnlyToken });
        Assert.Equal(0, (await full.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "readonly-1")).Exit);

        var list = await readOnly.RunAsync(CommandNode.Host, "search", "list");
        var stop = await readOnly.RunAsync(CommandNode.Host, "search", "stop", "readonly-1");
        var submit = await readOnly.RunAsync(CommandNode.Host, "search", "submit", spec);
        var after = await node.WaitForAsync("readonly-1", _ => true, "a snapshot");
        await full.RunAsync(CommandNode.Host, "search", "stop", "readonly-1");

        Assert.True(list.Exit == 0, list.ToString());
        Assert.Contains("readonly-1", list.Out);
        Assert.True(stop.Exit == 4, stop.ToString());
        Assert.Contains("read-only", stop.Error);
        Assert.Equal(4, submit.Exit);
        Assert.Equal(SearchStatus.Running, after.Status);
    }

    [Fact]
    public async Task An_unreachable_host_exits_3_naming_it()
    {
        var result = await new MoptRunner(ConfigHome, new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken })
            .RunAsync("127.0.0.1:9159", "search", "list");

        Assert.Equal(3, result.Exit);
        Assert.Contains("127.0.0.1:9159", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Unknown_fields_and_oversized_specs_are_rejected_as_json_errors()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{CommandNode.Host}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CommandNode.FullToken);

        var unknown = await http.PostAsync(CommandRoutes.Searches, Json("""{"spec":"x","priority":5}"""));
        var huge = await http.PostAsync(CommandRoutes.Searches, Json($$"""{"spec":"{{new string('#', SpecLimits.Submission.MaxSpecBytes + 1)}}"}"""));
        var badId = await http.PostAsync(CommandRoutes.Searches, Json($$"""{"spec":"name: x","searchId":"../etc"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("priority", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("\"code\":\"too_large\"", await huge.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("\"path\":\"searchId\"", await badId.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
