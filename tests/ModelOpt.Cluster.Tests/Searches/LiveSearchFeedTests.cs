using System.Reflection;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

/// <summary>The live view's feed against pages answered from a real search state (the coordinator's own page code).</summary>
public sealed class LiveSearchFeedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An <see cref="ICommandApi"/> that answers pages and whole searches from a state, and records what was asked.</summary>
    public class StateApi : DispatchProxy
    {
        public SearchState State { get; set; } = null!;
        public List<TrialQuery> Pages { get; } = [];
        public int WholeSearches { get; private set; }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method!.Name switch
        {
            nameof(ICommandApi.GetTrialsAsync) => Task.FromResult(Page((TrialQuery)args![1]!)),
            nameof(ICommandApi.GetSearchAsync) => Task.FromResult(Whole()),
            var other => throw new NotSupportedException($"the feed should not call {other}"),
        };

        private SearchPage Page(TrialQuery query)
        {
            Pages.Add(query);
            return SearchViews.Page(State, query)!;
        }

        private SearchInfo Whole()
        {
            WholeSearches++;
            return SearchViews.Of(State)!;
        }
    }

    private static (ICommandApi Api, StateApi Calls) Over(SearchState state)
    {
        var api = DispatchProxy.Create<ICommandApi, StateApi>();
        var calls = (StateApi)(object)api;
        calls.State = state;
        return (api, calls);
    }

    /// <summary>A search of <paramref name="trials"/> trials, all but the last 10 completed (objective = number % 97), those 10 running.</summary>
    private static SearchState Search(int trials)
    {
        var state = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: trials, concurrent: 10), T0).State;
        for (var n = 1; n <= trials; n++)
        {
            state = state.DecideSlot("node-a", $"cpu#{n % 10}", T0).Decision.State;
            if (n <= trials - 10) state = state.DecideCompleted(SearchState.TrialIdFor(n), 1, new Dictionary<string, double> { ["value"] = n % 97 }, T0).State;
        }
        return state;
    }

    [Fact]
    public async Task A_large_search_is_polled_as_pages_with_the_whole_searchs_counts_and_the_trials_a_view_shows()
    {
        var (api, calls) = Over(Search(2_500));
        var feed = new LiveSearchFeed(api, "s1");

        var first = await feed.PollAsync();

        Assert.True(first.IsPartial);
        Assert.Equal(0, calls.WholeSearches);
        Assert.All(calls.Pages, q => Assert.InRange(q.Limit, 0, LiveSearchFeed.ChangesShown));
        Assert.Equal((2_500, 2_490, 10), (first.Total, first.Done, first.Count(TrialStatus.Running)));
        Assert.Equal(10, first.Trials.Count(t => t.Status == TrialStatus.Running));
        Assert.Equal("t0097", first.Best?.TrialId);
        Assert.InRange(first.Trials.Count, 10, 10 + LiveSearchFeed.LeadersShown + 1);
        Assert.Equal(first.Trials.OrderBy(t => t.TrialId, StringComparer.Ordinal).Select(t => t.TrialId), first.Trials.Select(t => t.TrialId));

        // Between polls one running trial completes and one fails: the next poll carries both, fetched as changes.
        calls.State = calls.State.DecideCompleted("t2491", 1, new Dictionary<string, double> { ["value"] = 50 }, T0).State
            .DecideFailed("t2492", 1, FailureKind.Exception, "boom", T0).State;
        calls.Pages.Clear();
        var second = await feed.PollAsync();

        Assert.Equal(TrialStatus.Completed, second.Trial("t2491")?.Status);
        Assert.Equal(TrialStatus.Failed, second.Trial("t2492")?.Status);
        Assert.Equal((2_492, 8), (second.Done, second.Count(TrialStatus.Running)));
        Assert.Contains(calls.Pages, q => q.ChangedAfter is not null && q.Sort == TrialSort.Recent);
        Assert.Equal(0, calls.WholeSearches);

        // Nothing changes: the failed trial stays in view among the latest early ends.
        var third = await feed.PollAsync();
        Assert.Equal(TrialStatus.Failed, third.Trial("t2492")?.Status);
    }

    [Fact]
    public async Task A_small_search_is_read_whole()
    {
        var (api, calls) = Over(Search(50));

        var search = await new LiveSearchFeed(api, "s1").PollAsync();

        Assert.False(search.IsPartial);
        Assert.Equal(50, search.Trials.Count);
        Assert.Equal(1, calls.WholeSearches);
    }
}
