using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

public sealed class TrialPageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A search of 10 trials: t0001–t0008 completed with objective (9 - n) % 5 (so ties exist), t0009 failed, t0010 running.
    /// </summary>
    private static SearchState TenTrials(string mode = "min")
    {
        var state = SearchState.Empty("s1", TestCatalog.All);
        state = state.DecideSubmit(TestSpecs.Branin(trials: 10, concurrent: 10).Replace("mode: min", $"mode: {mode}"), T0).State;
        for (var i = 0; i < 10; i++) state = state.DecideSlot("node-a", $"cpu#{i}", T0).Decision.State;
        for (var n = 1; n <= 8; n++)
            state = state.DecideCompleted(SearchState.TrialIdFor(n), 1, new Dictionary<string, double> { ["value"] = (9 - n) % 5 }, T0).State;
        return state.DecideFailed("t0009", 1, FailureKind.Exception, "boom", T0).State;
    }

    private static IReadOnlyList<string> Ids(SearchPage? page) => [.. page!.Search.Trials.Select(t => t.TrialId)];

    [Fact]
    public void A_page_by_number_holds_its_slice_and_the_summary_counts_every_trial()
    {
        var page = SearchViews.Page(TenTrials(), new TrialQuery(Offset: 3, Limit: 4));

        Assert.Equal(["t0004", "t0005", "t0006", "t0007"], Ids(page));
        Assert.Equal((10, 3), (page!.Matching, page.Offset));
        Assert.Equal(new TrialCountsInfo(0, 1, 8, 0, 1), page.Counts);
    }

    [Fact]
    public void Sorted_by_objective_the_best_come_first_ties_by_number_and_trials_without_one_last()
    {
        var min = SearchViews.Page(TenTrials("min"), new TrialQuery(Limit: 10, Sort: TrialSort.Objective));
        var max = SearchViews.Page(TenTrials("max"), new TrialQuery(Offset: 1, Limit: 3, Sort: TrialSort.Objective));

        // objectives: t0001 3, t0002 2, t0003 1, t0004 0, t0005 4, t0006 3, t0007 2, t0008 1
        Assert.Equal(["t0004", "t0003", "t0008", "t0002", "t0007", "t0001", "t0006", "t0005", "t0009", "t0010"], Ids(min));
        Assert.Equal(["t0001", "t0006", "t0002"], Ids(max));
        Assert.Equal("t0004", min!.Best?.TrialId);
        Assert.Equal("t0005", max!.Best?.TrialId);
    }

    [Fact]
    public void The_running_page_comes_from_the_index_of_running_trials_in_number_order_and_follows_requeues_and_ends()
    {
        var state = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 6, concurrent: 6, retries: 1), T0).State;
        for (var i = 0; i < 6; i++) state = state.DecideSlot("node-a", $"cpu#{i}", T0).Decision.State;
        state = state.DecideCompleted("t0002", 1, new Dictionary<string, double> { ["value"] = 1 }, T0).State;
        state = state.DecideFailed("t0004", 1, FailureKind.Lost, "worker gone", T0).State;
        state = state.DecideFailed("t0005", 1, FailureKind.Exception, "boom", T0).State;

        var running = SearchViews.Page(state, new TrialQuery(Status: TrialStatus.Running));
        var second = SearchViews.Page(state, new TrialQuery(Offset: 1, Limit: 1, Status: TrialStatus.Running));

        Assert.Equal(["t0001", "t0003", "t0006"], Ids(running));
        Assert.Equal(3, running!.Matching);
        Assert.Equal(["t0003"], Ids(second));
        Assert.Equal(["t0001", "t0003", "t0006"], state.RunningTrials.Select(t => t.Id));
        // The requeued trial runs again, on the next slot.
        state = state.DecideSlot("node-a", "cpu#3", T0).Decision.State;
        Assert.Equal(["t0001", "t0003", "t0004", "t0006"], Ids(SearchViews.Page(state, new TrialQuery(Status: TrialStatus.Running))));
    }

    [Fact]
    public void A_status_filter_counts_only_what_matches_and_a_trial_can_be_asked_for_alone()
    {
        var state = TenTrials();

        var failed = SearchViews.Page(state, new TrialQuery(Status: TrialStatus.Failed));
        var one = SearchViews.Page(state, new TrialQuery { TrialId = "t0007", Curves = false });
        var none = SearchViews.Page(state, new TrialQuery { TrialId = "t0099" });

        Assert.Equal(["t0009"], Ids(failed));
        Assert.Equal(1, failed!.Matching);
        Assert.Equal(["t0007"], Ids(one));
        Assert.Empty(one!.Search.Trials[0].Curve);
        Assert.Empty(none!.Search.Trials);
    }

    [Fact]
    public void Trials_changed_after_a_version_are_those_a_poll_has_not_seen()
    {
        var before = TenTrials();
        var after = before.DecideCompleted("t0010", 1, new Dictionary<string, double> { ["value"] = 7 }, T0).State;

        var changed = SearchViews.Page(after, new TrialQuery(Sort: TrialSort.Recent) { ChangedAfter = before.Version });
        var recent = SearchViews.Page(after, new TrialQuery(Limit: 2, Sort: TrialSort.Recent));

        Assert.Equal(["t0010"], Ids(changed));
        Assert.True(after.Version > before.Version);
        Assert.Equal(["t0010", "t0009"], Ids(recent));
    }

    [Fact]
    public void A_summary_has_no_trials_but_the_counts_and_best()
    {
        var summary = SearchViews.Page(TenTrials(), TrialQuery.Summary);

        Assert.Empty(summary!.Search.Trials);
        Assert.Equal(10, summary.Matching);
        Assert.Equal("t0004", summary.Best?.TrialId);
    }

    [Fact]
    public void A_snapshot_keeps_the_version_and_counts_so_recovery_answers_the_same_pages()
    {
        var state = TenTrials();

        var recovered = SearchState.FromSnapshot(state.ToSnapshot(), TestCatalog.All);

        Assert.Equal(state.Version, recovered.Version);
        Assert.Equal(state.Counts, recovered.Counts);
        Assert.Equal(state.Best?.Id, recovered.Best?.Id);
        Assert.Equal(Ids(SearchViews.Page(state, new TrialQuery(Sort: TrialSort.Recent))), Ids(SearchViews.Page(recovered, new TrialQuery(Sort: TrialSort.Recent))));
    }

    [Theory]
    [InlineData(-1, 10, "offset")]
    [InlineData(0, 1001, "limit")]
    [InlineData(0, -1, "limit")]
    public void A_query_out_of_bounds_names_its_field(int offset, int limit, string field) =>
        Assert.Equal(field, new TrialQuery(offset, limit).Problem?.Field);
}
