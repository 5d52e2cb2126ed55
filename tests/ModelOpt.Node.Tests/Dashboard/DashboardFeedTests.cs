using System.Net.Http.Headers;
using System.Text.Json;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>What the dashboard's shared view of a search serves, over real HTTP and against the search read whole.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFeedTests(DashboardNode node)
{
    [Fact]
    public async Task A_search_followed_a_change_at_a_time_ends_as_the_search_read_whole()
    {
        // Followed from its first trial to its end: after the first read, the feed reads only the changed trials.
        var id = await node.SubmitAsync(DashboardSpecs.Curves("followed", trials: 40, concurrent: 2, epochSeconds: 0.02, seed: 31));
        using var http = DashboardNode.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardNode.ReadOnlyToken);
        JsonElement view;
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            using var read = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/dashboard/searches/{id}?after=0"));
            view = read.RootElement.Clone();
            if (view.GetProperty("search").GetProperty("status").GetString() == "finished") break;
            Assert.True(DateTime.UtcNow < deadline, $"the dashboard did not show {id} finished within 180 s");
            await Task.Delay(100);
        }

        var whole = await node.Api.GetSearchAsync(id);
        var shown = view.GetProperty("trials").EnumerateArray().ToDictionary(t => t.GetProperty("trialId").GetString()!);
        Assert.Equal(whole.Trials.Select(t => t.TrialId), view.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trialId").GetString()));
        foreach (var trial in whole.Trials)
        {
            var row = shown[trial.TrialId];
            Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(trial.Status.ToString()), row.GetProperty("status").GetString());
            Assert.Equal(trial.Epochs, row.GetProperty("epochs").GetInt32());
            var objective = row.GetProperty("objective");
            Assert.Equal(trial.Objective, objective.ValueKind == JsonValueKind.Null ? null : objective.GetDouble());
        }
        Assert.Equal(whole.BestTrialId, view.GetProperty("search").GetProperty("bestTrialId").GetString());
    }

    [Fact]
    public async Task A_contour_is_computed_once_for_its_analysis_and_each_pair_has_its_own()
    {
        var searches = await node.SearchesAsync();
        var state = await node.Feeds.Get(searches.Finished).CurrentAsync(CancellationToken.None);
        var computed = await node.Analyses.GetAsync(state.Snapshot, state.Spec, CancellationToken.None);

        var contour = computed.Pair("lr", "width", 10);

        Assert.NotNull(contour);
        Assert.Same(contour, computed.Pair("lr", "width", 10));
        Assert.NotSame(contour, computed.Pair("width", "lr", 10));
        Assert.NotSame(contour, computed.Pair("lr", "width", 12));
        Assert.Null(computed.Pair("lr", "no-such-parameter", 10));
    }

    [Fact]
    public async Task Curves_past_the_limit_come_as_the_best_a_sample_every_early_stop_and_the_band_of_all()
    {
        var searches = await node.SearchesAsync();
        var whole = await node.Api.GetSearchAsync(searches.Finished);
        var state = await node.Feeds.Get(searches.Finished).CurrentAsync(CancellationToken.None);
        var withCurves = whole.Trials.Where(t => t.Curve.Count > 0).ToList();

        var sampled = state.Curves(0, maxCurves: 10);
        var all = state.Curves(0, maxCurves: withCurves.Count);

        Assert.Null(all.Ends);
        Assert.Equal(withCurves.Count, all.Curves.Count);
        Assert.True(sampled.Full);
        Assert.Equal(withCurves.Count, sampled.Total);
        Assert.Equal(10, sampled.Curves.Count);
        // The best half by objective (the search maximizes), the best trial among them.
        foreach (var best in withCurves.OrderByDescending(t => t.Objective).Take(5)) Assert.Contains(best.TrialId, sampled.Curves.Keys);
        // Every early stop not drawn keeps its marker, at its last reported value; nothing drawn or completed is marked twice.
        var stoppedElsewhere = withCurves.Where(t => t.Status is TrialStatus.Stopped or TrialStatus.Failed && !sampled.Curves.ContainsKey(t.TrialId)).ToList();
        Assert.NotEmpty(stoppedElsewhere);
        Assert.Equal(stoppedElsewhere.Select(t => t.TrialId).Order(), sampled.Ends!.Keys.Order());
        foreach (var trial in stoppedElsewhere)
            Assert.Equal(new[] { (double)trial.Curve[^1].Epoch, trial.Curve[^1].Metrics["accuracy"] }, sampled.Ends[trial.TrialId]);
        // The band covers every epoch reported, over every trial that reported it.
        var band = sampled.Band!;
        Assert.Equal(withCurves.SelectMany(t => t.Curve.Select(r => (double)r.Epoch)).Distinct().Order(), band.Select(b => b.Epoch));
        foreach (var point in band)
        {
            var values = withCurves.SelectMany(t => t.Curve.Where(r => r.Epoch == point.Epoch).Select(r => r.Metrics["accuracy"])).ToList();
            Assert.Equal(values.Count, point.Trials);
            Assert.InRange(point.Low, values.Min(), point.Median);
            Assert.InRange(point.High, point.Median, values.Max());
        }
    }
}
