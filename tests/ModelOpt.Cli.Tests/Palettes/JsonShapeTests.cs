using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>Every JSON output of <c>mopt --json</c>, the endpoint and the run summary validates against its schema in docs/schemas.</summary>
[Collection(CommandNodeCollection.Name)]
public sealed class JsonShapeTests(CommandNode node)
{
    private readonly MoptRunner _mopt = new(Path.Combine(node.Dir, "config-json"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });

    [Fact]
    public async Task Every_palette_output_has_its_documented_shape()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-json.yaml", TestSpecs.Branin(4));
        var submit = await Json("submit-response", "search", "submit", spec, "--id", "json-1");
        Assert.Equal("json-1", JsonDocument.Parse(submit).RootElement.GetProperty("searchId").GetString());
        await node.WaitForAsync("json-1", s => s.Status == SearchStatus.Finished, "finished");

        await Json("search-list", "search", "list");
        var show = await Json("search", "search", "show", "json-1");
        await Json("search", "search", "watch", "json-1");
        await Json("trial", "search", "best", "json-1");
        await Json("trial-list", "trial", "list", "json-1");
        await Json("trial", "trial", "show", "json-1/t0001");
        await Json("trial-logs", "trial", "logs", "json-1/t0001");
        await Json("files", "search", "report", "json-1", "--out", Path.Combine(node.Dir, "report-json-1"));
        var exportDir = Path.Combine(node.Dir, "export-json-1");
        await Json("files", "trial", "export", "json-1/t0002", "--out", exportDir);
        Schemas.AssertValid("trial", File.ReadAllText(Path.Combine(exportDir, "trial.json")));
        var workers = await Json("workers", "worker", "list");
        var hostPort = JsonDocument.Parse(workers).RootElement[0].GetProperty("node").GetString()!.Split('@')[^1];
        await Json("drain-result", "worker", "drain", hostPort);
        await Json("drain-result", "worker", "drain", hostPort, "--undo");
        await Json("cluster", "cluster", "show");
        var rows = await _mopt.RunAsync(CommandNode.Host, "search", "export", "json-1", "--format", "jsonl");
        Assert.True(rows.Exit == 0, rows.ToString());
        var lines = rows.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        foreach (var line in lines) Schemas.AssertValid("trial-row", line);

        // Plain values and lower-case names, never the journal's tagged values or .NET's enum names.
        var trial = JsonDocument.Parse(show).RootElement.GetProperty("trials")[0];
        Assert.Equal(JsonValueKind.Number, trial.GetProperty("config").GetProperty("x0").ValueKind);
        Assert.Equal("completed", trial.GetProperty("status").GetString());
        Assert.Equal("min", JsonDocument.Parse(show).RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Errors_from_the_endpoint_have_their_documented_shape()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{CommandNode.Host}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CommandNode.FullToken);

        var missing = await http.GetAsync(CommandRoutes.Search("no-such-search"));
        var badSpec = await http.PostAsync(CommandRoutes.Searches, new StringContent(JsonSerializer.Serialize(new { spec = TestSpecs.ThreeProblems }), null, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Schemas.AssertValid("error", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badSpec.StatusCode);
        var body = await badSpec.Content.ReadAsStringAsync();
        Schemas.AssertValid("error", body);
        Assert.Equal(3, JsonDocument.Parse(body).RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public void Failed_trials_non_finite_metrics_fronts_and_summaries_have_their_documented_shape()
    {
        var search = SyntheticSearch.Of(8, pareto: true);
        var failed = search.Trials.Single(t => t.Status == TrialStatus.Failed);
        var nan = failed with { Curve = [.. failed.Curve, new EpochInfo(2, new Dictionary<string, double> { ["loss"] = double.NaN, ["gain"] = double.PositiveInfinity }, 0.1)] };
        search = search with { Trials = [.. search.Trials.Select(t => t == failed ? nan : t)] };

        Schemas.AssertValid("search", JsonSerializer.Serialize(search, CommandJson.Indented));
        Schemas.AssertValid("run-summary", JsonSerializer.Serialize(RunSummary.Of(search), CommandJson.Indented));
        Schemas.AssertValid("node-result", JsonSerializer.Serialize(new NodeResult("127.0.0.1:4053", "leaving"), CommandJson.Responses));
        var failure = JsonSerializer.Serialize(nan, CommandJson.Responses);
        Assert.Contains("\"failure\":\"non_finite_loss\"", failure);
        Assert.Contains("\"loss\":\"NaN\"", failure);
        Assert.Contains("\"lr\":0.001", failure.Replace("0.0010000000000000002", "0.001"));
    }

    [Fact]
    public void Config_values_keep_their_kind_through_json()
    {
        var config = new Dictionary<string, ConfigValue>
        {
            ["whole_float"] = ConfigValue.Float(2), ["int"] = ConfigValue.Int(3), ["text"] = ConfigValue.String("adam"), ["flag"] = ConfigValue.Bool(true),
        };

        var json = JsonSerializer.Serialize(config, CommandJson.Responses);
        var back = JsonSerializer.Deserialize<Dictionary<string, ConfigValue>>(json, CommandJson.Responses)!;

        Assert.Equal("""{"whole_float":2.0,"int":3,"text":"adam","flag":true}""", json);
        Assert.Equal(config, back);
    }

    [Fact]
    public void Every_schema_in_the_docs_is_one_an_output_uses() =>
        Assert.Equal(
            ["ask-answer", "cluster", "drain-result", "error", "files", "node-result", "run-summary", "search", "search-list", "submit-response", "trial", "trial-decision", "trial-list", "trial-logs", "trial-row", "workers"],
            Schemas.Names.Order(StringComparer.Ordinal));

    private async Task<string> Json(string schema, params string[] args)
    {
        var result = await _mopt.RunAsync([CommandNode.Host, .. args, "--json"]);
        Assert.True(result.Exit == 0, result.ToString());
        Schemas.AssertValid(schema, result.Out);
        return result.Out;
    }
}
