using System.Text.Json.Nodes;
using Xunit;

namespace ModelOpt.Node.Tests.External;

/// <summary>Ask, report, heartbeat and tell over the node's HTTP endpoint, as any language's client sees them.</summary>
[Collection(ExternalNodeCollection.Name)]
public sealed class ExternalRoutesTests(ExternalNode node)
{
    private static object Metrics(double loss) => new Dictionary<string, double> { ["loss"] = loss };

    [Fact]
    public async Task A_trial_goes_from_ask_to_tell_over_http_with_its_conditional_config_and_shows_in_the_search()
    {
        var id = await node.SubmitAsync(ExternalSpecs.Quadratic(trials: 1, concurrent: 1, epochs: 2));
        using var http = node.Http();

        var (askStatus, ask) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/ask", new { client = "host-a/pid-7", requestId = "r1" });
        var trial = ask["trialId"]!.GetValue<string>();
        var (_, report) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/report", new { attempt = 1, epoch = 1, metrics = Metrics(0.5), seconds = 0.2 });
        var (_, beat) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/heartbeat", new { attempt = 1 });
        var (tellStatus, tell) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/tell", new { attempt = 1, metrics = Metrics(0.25) });
        var search = JsonNode.Parse(await http.GetStringAsync($"/api/v1/searches/{id}"))!;

        Assert.Equal(200, askStatus);
        Assert.Equal(("trial", 1, 2, 60.0), (Text(ask["status"]), ask["attempt"]!.GetValue<int>(), ask["maxEpochs"]!.GetValue<int>(), ask["leaseSeconds"]!.GetValue<double>()));
        var config = ask["config"]!.AsObject();
        Assert.Equal(config.ContainsKey("momentum"), config["optimizer"]!.GetValue<string>() == "sgd");
        Assert.Equal("continue", Text(report["decision"]));
        Assert.Equal("continue", Text(beat["decision"]));
        Assert.Equal((200, "done", "completed", 0.25), (tellStatus, Text(tell["decision"]), Text(tell["status"]), tell["objective"]!.GetValue<double>()));
        var shown = search["trials"]![0]!;
        Assert.Equal(("host-a/pid-7", "external", "completed"), (shown["node"]!.GetValue<string>(), shown["device"]!.GetValue<string>(), Text(shown["status"])));
        Assert.Equal("finished", Text(search["status"]));
    }

    [Fact]
    public async Task Read_only_and_missing_tokens_are_refused_and_nothing_is_handed_out()
    {
        var id = await node.SubmitAsync(ExternalSpecs.Quadratic(concurrent: 1));
        using var readOnly = node.Http(ExternalNode.ReadOnlyToken);
        using var anonymous = node.Http(token: null);
        using var full = node.Http();

        var (forbidden, error) = await ExternalNode.PostAsync(readOnly, $"/api/v1/searches/{id}/ask", new { });
        var (unauthorized, _) = await ExternalNode.PostAsync(anonymous, $"/api/v1/searches/{id}/ask", new { });
        var (reportForbidden, _) = await ExternalNode.PostAsync(readOnly, $"/api/v1/searches/{id}/trials/t0001/report", new { attempt = 1, epoch = 1, metrics = Metrics(1) });
        var (ok, ask) = await ExternalNode.PostAsync(full, $"/api/v1/searches/{id}/ask", new { });

        Assert.Equal((403, "forbidden"), (forbidden, error["code"]!.GetValue<string>()));
        Assert.Equal(401, unauthorized);
        Assert.Equal(403, reportForbidden);
        Assert.Equal((200, "t0001"), (ok, ask["trialId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Refusals_have_their_own_codes_lease_lost_not_found_and_bad_request_with_the_path()
    {
        var id = await node.SubmitAsync(ExternalSpecs.Quadratic(concurrent: 1, lease: "1s", retries: 1));
        var workerSearch = await node.SubmitAsync(ExternalSpecs.Quadratic().Replace("{kind: external, lease: 60s}", "{kind: curve}").Replace("metric: loss, mode: min", "metric: accuracy, mode: max").Replace("x: {type", "lr: {type"));
        using var http = node.Http();
        var (_, lost) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/ask", new { client = "silent" });
        var trial = lost["trialId"]!.GetValue<string>();
        var (_, retaken) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/ask", new { client = "live", waitSeconds = 15 });

        var (lateStatus, late) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/report", new { attempt = 1, epoch = 1, metrics = Metrics(1) });
        var (unknownStatus, unknown) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/t0999/heartbeat", new { attempt = 1 });
        var (noSearch, _) = await ExternalNode.PostAsync(http, "/api/v1/searches/no-such-search/ask", new { });
        var (notExternal, notExternalError) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{workerSearch}/ask", new { });
        var (badWait, badWaitError) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/ask", new { waitSeconds = 99 });
        var (noMetrics, noMetricsError) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/report", new { attempt = 2, epoch = 1 });
        var (unknownField, unknownFieldError) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/tell", new { attempt = 2, metrics = Metrics(1), score = 3 });
        var (badEpoch, badEpochError) = await ExternalNode.PostAsync(http, $"/api/v1/searches/{id}/trials/{trial}/report", new { attempt = 2, epoch = 9, metrics = Metrics(1) });

        Assert.Equal((trial, 2), (retaken["trialId"]!.GetValue<string>(), retaken["attempt"]!.GetValue<int>()));
        Assert.Equal((409, "lease_lost"), (lateStatus, late["code"]!.GetValue<string>()));
        Assert.Contains("client silent went silent", late["message"]!.GetValue<string>());
        Assert.Equal((404, "not_found"), (unknownStatus, unknown["code"]!.GetValue<string>()));
        Assert.Equal(404, noSearch);
        Assert.Equal(400, notExternal);
        Assert.Contains("workload kind 'external'", notExternalError["message"]!.GetValue<string>());
        Assert.Equal(400, badWait);
        Assert.StartsWith("waitSeconds:", badWaitError["message"]!.GetValue<string>());
        Assert.Equal((400, "metrics"), (noMetrics, noMetricsError["errors"]![0]!["path"]!.GetValue<string>()));
        Assert.Equal(400, unknownField);
        Assert.Contains("score", unknownFieldError["message"]!.GetValue<string>());
        Assert.Equal(400, badEpoch);
        Assert.Contains("outside 1..3", badEpochError["message"]!.GetValue<string>());
    }

    private static string Text(JsonNode? value) => value!.GetValue<string>();
}
