using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Evolution;
using Xunit;
using static ModelOpt.Search.Tests.Searchers.SearcherTestKit;

namespace ModelOpt.Search.Tests.Searchers;

public class EvolutionSearcherTests
{
    private static Dictionary<string, object?> Small() => new() { ["populationSize"] = 10L, ["sampleSize"] = 3L };

    [Fact]
    public void Beats_random_search_on_a_toy_architecture_space_in_median()
    {
        var (space, loss) = ArchitectureToy();
        var evolution = MedianBest("evolution", space, loss, trials: 60, seeds: 5, Small());
        var random = MedianBest("random", space, loss, trials: 60, seeds: 5);
        Assert.True(evolution < random, $"evolution median best {evolution} should beat random {random}");
    }

    [Fact]
    public void Beats_random_search_on_branin_in_median()
    {
        var branin = new Branin();
        var evolution = MedianBest("evolution", branin.Space, branin.Evaluate, trials: 60, seeds: 5, Small());
        var random = MedianBest("random", branin.Space, branin.Evaluate, trials: 60, seeds: 5);
        Assert.True(evolution < random, $"evolution median best {evolution} should beat random {random}");
    }

    [Fact]
    public void Same_seed_and_history_give_the_same_suggestions() => AssertDeterministic("evolution", new Branin(), 40, Small());

    [Fact]
    public void Results_in_any_order_give_the_same_next_suggestion() => AssertOrderIndependent("evolution", new Branin(), 14, Small());

    [Fact]
    public void Conditional_spaces_and_failed_trials_are_handled() => AssertConditionalAndFailureSafe("evolution", 80, Small());

    [Fact]
    public void The_oldest_member_dies_when_a_new_result_arrives()
    {
        var branin = new Branin();
        var searcher = (EvolutionSearcher)Create("evolution", branin.Space, 1, new() { ["populationSize"] = 3L, ["sampleSize"] = 2L });
        for (var t = 0; t < 5; t++) searcher.SuggestAndAccept($"t{t}");
        foreach (var t in new[] { 0, 1, 2 }) searcher.OnComplete($"t{t}", TrialOutcome.Completed(1));
        Assert.Equal(["t0", "t1", "t2"], searcher.Population);

        searcher.OnComplete("t4", TrialOutcome.Completed(5));
        Assert.Equal(["t1", "t2", "t4"], searcher.Population);

        // t3 was born before t4 and arrives last: it is the oldest result, so it dies at once (and t1 survives).
        searcher.OnComplete("t3", TrialOutcome.Completed(0));
        Assert.Equal(["t2", "t3", "t4"], searcher.Population);
    }

    [Fact]
    public void A_child_differs_from_its_parent_in_one_parameter()
    {
        var (space, loss) = ArchitectureToy();
        var searcher = (EvolutionSearcher)Create("evolution", space, 4, new() { ["populationSize"] = 4L, ["sampleSize"] = 4L });
        var parents = Enumerable.Range(0, 4).Select(t => searcher.SuggestAndAccept($"t{t}")!).ToList();
        for (var t = 0; t < 4; t++) searcher.OnComplete($"t{t}", TrialOutcome.Completed(loss(parents[t])));
        var best = parents.OrderBy(loss).First();

        var child = searcher.SuggestAndAccept("child")!;

        // Sampling the whole population makes the best member the parent; changing depth may add or drop layers.
        var changed = child.Keys.Union(best.Keys).Where(k => !child.TryGetValue(k, out var v) || !best.TryGetValue(k, out var w) || !v.Equals(w)).ToList();
        Assert.NotEmpty(changed);
        Assert.True(changed.Count == 1 || changed.Contains("depth"), $"changed {string.Join(", ", changed)}");
    }

    [Fact]
    public void Bad_options_are_reported_with_their_path()
    {
        AssertRejects("evolution", new() { ["populationSize"] = 4L, ["sampleSize"] = 5L }, "searcher.sampleSize");
        AssertRejects("evolution", new() { ["mutateCount"] = 0L }, "searcher.mutateCount");
    }
}
