using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Auto;
using ModelOpt.Search.Spaces;
using Xunit;
using static ModelOpt.Search.Tests.Searchers.SearcherTestKit;

namespace ModelOpt.Search.Tests.Searchers;

public class AutoSearcherTests
{
    private static SearchSpace Numeric(int dimensions) => new(Enumerable.Range(0, dimensions).Select(i => new ParameterDefinition($"x{i}", new FloatDomain(0, 1))));

    private static ParameterDefinition Choice(string name, int choices) =>
        new(name, new CategoricalDomain([.. Enumerable.Range(0, choices).Select(i => ParameterValue.String($"c{i}"))]));

    [Fact]
    public void A_small_numeric_space_gets_gp_after_the_random_start()
    {
        var plan = AutoPlan.For(SpaceProfile.Of(new Hartmann6().Space), maxTrials: 100);

        Assert.Equal((AutoModel.Gp, 10, (int?)null), (plan.First, plan.StartupTrials, plan.SwitchAtTrial));
        Assert.Equal(AutoModel.Gp, plan.ModelFor(100));
        Assert.Contains("GP-BO", plan.Describe());
        Assert.Contains("6 numeric parameters", plan.Describe());
    }

    [Fact]
    public void Ints_and_a_few_categoricals_still_get_gp()
    {
        var plan = AutoPlan.For(SpaceProfile.Of(new MixedRosenbrock().Space), maxTrials: 100);

        Assert.Equal(AutoModel.Gp, plan.First);
        Assert.Contains("3 numeric parameters, 1 categorical parameter", plan.Describe());
    }

    [Fact]
    public void Conditional_categorical_heavy_and_wide_spaces_get_multivariate_tpe()
    {
        var conditional = AutoPlan.For(SpaceProfile.Of(LayeredSpace()), maxTrials: 100);
        var categorical = AutoPlan.For(SpaceProfile.Of(new SearchSpace([Choice("a", 3), Choice("b", 4), new ParameterDefinition("x", new FloatDomain(0, 1))])), 100);
        var wide = AutoPlan.For(SpaceProfile.Of(Numeric(21)), maxTrials: 100);

        Assert.All(new[] { conditional, categorical, wide }, p => Assert.Equal(AutoModel.Tpe, p.First));
        Assert.Contains("conditional", conditional.Describe());
        Assert.Contains("mostly categorical", categorical.Describe());
        Assert.Contains("21 dimensions", wide.Describe());
    }

    [Fact]
    public void A_large_budget_hands_over_from_gp_to_tpe_after_a_thousand_trials()
    {
        var plan = AutoPlan.For(SpaceProfile.Of(new Branin().Space), maxTrials: 5000);

        Assert.Equal((AutoModel.Gp, AutoModel.Gp, AutoModel.Tpe), (plan.ModelFor(1), plan.ModelFor(1000), plan.ModelFor(1001)));
        Assert.Contains("until trial 1000, then multivariate TPE", plan.Describe());
    }

    [Fact]
    public void A_small_budget_starts_with_fewer_random_trials()
    {
        Assert.Equal(6, AutoPlan.StartupFor(24));
        Assert.Equal(3, AutoPlan.StartupFor(8));
        Assert.Equal(10, AutoPlan.StartupFor(100));
    }

    [Fact]
    public void Beats_random_search_on_branin_in_median()
    {
        var branin = new Branin();
        var auto = MedianBest("auto", branin.Space, branin.Evaluate, trials: 20, seeds: 3, new() { ["nStartupTrials"] = 6L });
        var random = MedianBest("random", branin.Space, branin.Evaluate, trials: 20, seeds: 3);
        Assert.True(auto < random, $"auto median best {auto} should beat random {random}");
    }

    [Fact]
    public void Beats_random_search_on_a_conditional_architecture_space_in_median()
    {
        var (space, loss) = ArchitectureToy();
        var auto = MedianBest("auto", space, loss, trials: 50, seeds: 5);
        var random = MedianBest("random", space, loss, trials: 50, seeds: 5);
        Assert.True(auto < random, $"auto median best {auto} should beat random {random}");
    }

    [Fact]
    public void Same_seed_and_history_give_the_same_suggestions() => AssertDeterministic("auto", new Branin(), 14, new() { ["nStartupTrials"] = 6L });

    [Fact]
    public void Results_in_any_order_give_the_same_next_suggestion() => AssertOrderIndependent("auto", new Branin(), 8, new() { ["nStartupTrials"] = 4L });

    [Fact]
    public void Conditional_spaces_and_failed_trials_are_handled() => AssertConditionalAndFailureSafe("auto", 30);

    [Fact]
    public void Bad_options_are_reported_with_their_path() => AssertRejects("auto", new() { ["nStartup"] = 5L }, "searcher.nStartup");
}
