using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Reinforce;
using ModelOpt.Search.Spaces;
using Xunit;
using static ModelOpt.Search.Tests.Searchers.SearcherTestKit;

namespace ModelOpt.Search.Tests.Searchers;

public class ReinforceSearcherTests
{
    private static SearchSpace OneChoice() => new([
        new ParameterDefinition("op", new CategoricalDomain([ParameterValue.String("a"), ParameterValue.String("b"), ParameterValue.String("c")])),
    ]);

    [Fact]
    public void Beats_random_search_on_a_toy_architecture_space_in_median()
    {
        var (space, loss) = ArchitectureToy();
        var reinforce = MedianBest("reinforce", space, loss, trials: 60, seeds: 5);
        var random = MedianBest("random", space, loss, trials: 60, seeds: 5);
        Assert.True(reinforce < random, $"reinforce median best {reinforce} should beat random {random}");
    }

    [Fact]
    public void The_policy_moves_toward_the_rewarded_choice()
    {
        var searcher = (ReinforceSearcher)Create("reinforce", OneChoice(), 2);
        Assert.Equal(1.0 / 3, searcher.Probabilities("op")[2], 6);
        BestOf(searcher, c => c.GetString("op") == "c" ? 0 : 1, 40);
        Assert.True(searcher.Probabilities("op")[2] > 0.7, $"P(c) = {searcher.Probabilities("op")[2]}");
    }

    [Fact]
    public void Failed_trials_count_as_the_worst_result_so_far()
    {
        var searcher = (ReinforceSearcher)Create("reinforce", OneChoice(), 2);
        for (var t = 0; t < 40; t++)
        {
            var op = searcher.SuggestAndAccept($"t{t}")!.GetString("op");
            searcher.OnComplete($"t{t}", op == "a" ? TrialOutcome.Failed() : TrialOutcome.Completed(op == "b" ? 1 : 1.1));
        }
        var p = searcher.Probabilities("op");
        Assert.True(p[0] < 0.2 && p[1] > p[2], $"P = {string.Join(", ", p)}");
    }

    [Fact]
    public void Only_the_decisions_active_in_a_trial_are_updated()
    {
        ParameterValue[] ops = [ParameterValue.String("conv"), ParameterValue.String("pool")];
        // depth never reaches 3, so layers[2].op is never active and must keep its initial, uniform policy.
        var space = new SearchSpace([
            new ParameterDefinition("depth", new IntDomain(1, 2)),
            new ParameterDefinition("layers[1].op", new CategoricalDomain(ops), [ParameterCondition.AtLeast("depth", 2)]),
            new ParameterDefinition("layers[2].op", new CategoricalDomain(ops), [ParameterCondition.AtLeast("depth", 3)]),
        ]);
        var searcher = (ReinforceSearcher)Create("reinforce", space, 3);
        BestOf(searcher, c => c.GetString("layers[1].op", "") == "pool" ? 0 : 1, 30);
        Assert.True(searcher.Probabilities("layers[1].op")[1] > 0.6, $"P(pool) = {searcher.Probabilities("layers[1].op")[1]}");
        Assert.Equal([0.5, 0.5], searcher.Probabilities("layers[2].op"));
    }

    [Fact]
    public void Same_seed_and_history_give_the_same_suggestions() => AssertDeterministic("reinforce", new Branin(), 40);

    [Fact]
    public void Results_in_any_order_give_the_same_next_suggestion() => AssertOrderIndependent("reinforce", new Branin(), 12);

    [Fact]
    public void Conditional_spaces_and_failed_trials_are_handled() => AssertConditionalAndFailureSafe("reinforce", 60);

    [Fact]
    public void Bad_options_are_reported_with_their_path()
    {
        AssertRejects("reinforce", new() { ["bins"] = 1L }, "searcher.bins");
        AssertRejects("reinforce", new() { ["baselineDecay"] = 1.5 }, "searcher.baselineDecay");
        AssertRejects("reinforce", new() { ["normalizeRewards"] = "yes" }, "searcher.normalizeRewards");
    }
}
