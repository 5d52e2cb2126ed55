using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Bohb;
using Xunit;
using static ModelOpt.Search.Tests.Searchers.SearcherTestKit;

namespace ModelOpt.Search.Tests.Searchers;

public class BohbSearcherTests
{
    [Fact]
    public void Beats_random_search_on_branin_in_median()
    {
        var branin = new Branin();
        var bohb = MedianBest("bohb", branin.Space, branin.Evaluate, trials: 60, seeds: 5);
        var random = MedianBest("random", branin.Space, branin.Evaluate, trials: 60, seeds: 5);
        Assert.True(bohb < random, $"bohb median best {bohb} should beat random {random}");
    }

    [Fact]
    public void Budgets_are_derived_from_max_epochs_and_eta()
    {
        var space = new Branin().Space;
        Assert.Equal([1, 3, 9, 27], ((BohbSearcher)Create("bohb", space, 1, maxEpochs: 27)).Budgets);
        Assert.Equal([1, 4, 11, 33, 100], ((BohbSearcher)Create("bohb", space, 1, maxEpochs: 100)).Budgets);
        Assert.Equal([1, 2, 4, 8], ((BohbSearcher)Create("bohb", space, 1, new() { ["eta"] = 2.0 }, maxEpochs: 8)).Budgets);
        Assert.Equal([5, 20], ((BohbSearcher)Create("bohb", space, 1, new() { ["budgets"] = new List<object?> { 20L, 5L } }, maxEpochs: 20)).Budgets);
    }

    [Fact]
    public void The_model_uses_the_largest_budget_with_enough_results()
    {
        // Two parameters: a model needs minPointsInModel (3) + 2 results at a budget.
        var branin = new Branin();
        var searcher = (BohbSearcher)Create("bohb", branin.Space, 1, maxEpochs: 9);
        for (var t = 0; t < 12; t++)
        {
            var config = searcher.SuggestAndAccept($"t{t}")!;
            var loss = branin.Evaluate(config);
            searcher.OnReport($"t{t}", 1, loss);
            searcher.OnReport($"t{t}", 2, loss);
            if (t < 5) searcher.OnReport($"t{t}", 3, loss);
            if (t < 4) searcher.OnComplete($"t{t}", TrialOutcome.Completed(loss, 9));
            else searcher.OnComplete($"t{t}", TrialOutcome.Stopped(loss, t < 5 ? 3 : 1));
        }
        Assert.Equal(3, searcher.ModelBudget);

        searcher.SuggestAndAccept("t12");
        searcher.OnComplete("t12", TrialOutcome.Completed(1, 9));
        Assert.Equal(9, searcher.ModelBudget);
    }

    [Fact]
    public void No_model_before_any_budget_has_enough_results()
    {
        var searcher = (BohbSearcher)Create("bohb", new Branin().Space, 1, maxEpochs: 9);
        for (var t = 0; t < 4; t++)
        {
            searcher.SuggestAndAccept($"t{t}");
            searcher.OnComplete($"t{t}", TrialOutcome.Completed(t, 9));
        }
        Assert.Null(searcher.ModelBudget);
    }

    [Fact]
    public void Same_seed_and_history_give_the_same_suggestions() => AssertDeterministic("bohb", new Branin(), 40);

    [Fact]
    public void Results_in_any_order_give_the_same_next_suggestion() =>
        AssertOrderIndependent("bohb", new Hartmann6(), 20, new() { ["randomFraction"] = 0.0 });

    [Fact]
    public void Conditional_spaces_and_failed_trials_are_handled() =>
        AssertConditionalAndFailureSafe("bohb", 80, new() { ["minPointsInModel"] = 3L }, maxEpochs: 3);

    [Fact]
    public void Bad_options_are_reported_with_their_path()
    {
        AssertRejects("bohb", new() { ["budgets"] = new List<object?> { 3L, 0L } }, "searcher.budgets[1]");
        AssertRejects("bohb", new() { ["budgets"] = new List<object?> { 3L }, ["eta"] = 2.0 }, "searcher.eta");
        AssertRejects("bohb", new() { ["topNPercent"] = 100.0 }, "searcher.topNPercent");
    }
}
