using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Gp;
using ModelOpt.Search.Spaces;
using Xunit;
using static ModelOpt.Search.Tests.Searchers.SearcherTestKit;

namespace ModelOpt.Search.Tests.Searchers;

public class GpSearcherTests
{
    // Small on purpose: a GP suggestion fits hyperparameters, so these tests stay to a handful of model fits.
    private static Dictionary<string, object?> Cheap() => new() { ["nStartupTrials"] = 6L, ["nCandidates"] = 100L, ["localSearchSteps"] = 10L, ["additive"] = false };

    [Fact]
    public void Beats_random_search_on_branin_in_median()
    {
        var branin = new Branin();
        var gp = MedianBest("gp", branin.Space, branin.Evaluate, trials: 25, seeds: 3, Cheap());
        var random = MedianBest("random", branin.Space, branin.Evaluate, trials: 25, seeds: 3);
        Assert.True(gp < random, $"gp median best {gp} should beat random {random}");
        Assert.True(gp - branin.KnownMinimum < 0.2, $"gp median regret {gp - branin.KnownMinimum} after 25 trials");
    }

    [Fact]
    public void Same_seed_and_history_give_the_same_suggestions() => AssertDeterministic("gp", new Branin(), 10, Cheap());

    [Fact]
    public void Results_in_any_order_give_the_same_next_suggestion() => AssertOrderIndependent("gp", new Hartmann6(), 8, Cheap());

    [Fact]
    public void Conditional_spaces_and_failed_trials_are_handled() => AssertConditionalAndFailureSafe("gp", 16, Cheap());

    [Theory]
    [InlineData("believer")]
    [InlineData("liar")]
    public void Pending_trials_push_parallel_suggestions_apart(string strategy)
    {
        // Ignoring the pending trial, the second suggestion lands next to the first (same EI peak).
        var apart = DistanceBetweenParallelSuggestions(strategy);
        var together = DistanceBetweenParallelSuggestions("ignore");
        Assert.True(apart > 0.05 && apart > 3 * together, $"{strategy}: {apart}, ignoring pending: {together}");
    }

    private static double DistanceBetweenParallelSuggestions(string strategy)
    {
        var branin = new Branin();
        var options = Cheap();
        options["pendingStrategy"] = strategy;
        var searcher = Create("gp", branin.Space, 3, options);
        BestOf(searcher, branin.Evaluate, 10);
        var first = searcher.SuggestAndAccept("p1")!;
        var second = searcher.SuggestAndAccept("p2")!;
        Assert.Equal(first, searcher.SuggestAndAccept("p1"));
        var dx = (first.GetDouble("x0") - second.GetDouble("x0")) / 15;
        var dy = (first.GetDouble("x1") - second.GetDouble("x1")) / 15;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    [Fact]
    public void The_same_seed_gives_the_same_suggestions_with_trials_in_flight()
    {
        var branin = new Branin();
        List<Config> Run() => RunInFlight(Create("gp", branin.Space, 4, Cheap()), branin.Evaluate, 16, inFlight: 4);
        Assert.Equal(Run(), Run());
    }

    [Theory]
    [InlineData("tempered")]
    [InlineData("gated")]
    public void Posterior_draws_for_pending_slots_leave_sequential_runs_unchanged_and_change_runs_with_trials_in_flight(string strategy)
    {
        var branin = new Branin();
        List<Config> Run(string pending, int inFlight)
        {
            var options = Cheap();
            options["pendingStrategy"] = pending;
            // Past the gate's results minimum, so that gated runs draw too.
            return RunInFlight(Create("gp", branin.Space, 6, options), branin.Evaluate, DrawGate.MinResults + 8, inFlight);
        }
        Assert.Equal(Run("believer", 1), Run(strategy, 1));
        var inFlight = Run(strategy, 4);
        Assert.Equal(inFlight, Run(strategy, 4));
        Assert.NotEqual(Run("believer", 4), inFlight);
    }

    [Fact]
    public void Gated_slots_in_flight_alternate_between_posterior_draws_and_a_box_around_the_best_result()
    {
        var branin = new Branin();
        static Config At(double x0, double x1) => Config.Empty.With("x0", ParameterValue.Float(x0)).With("x1", ParameterValue.Float(x1));
        ISearcher WithOnePending(string option, object value)
        {
            var options = Cheap();
            options[option] = value;
            var searcher = Create("gp", branin.Space, 8, options);
            // A 6 x 6 grid of results: past the gate's results minimum, on a surface smooth enough for it to open.
            for (var i = 0; i < 36; i++)
            {
                var config = At(-5 + 15 * (i % 6 + 0.5) / 6, 15 * (i / 6 + 0.5) / 6);
                searcher.Accept($"h{i}", config);
                searcher.OnComplete($"h{i}", TrialOutcome.Completed(branin.Evaluate(config)));
            }
            searcher.Accept("p0", At(0, 0));
            return searcher;
        }
        var gated = WithOnePending("pendingStrategy", "gated");
        var drawsOnly = WithOnePending("trustRegions", false);

        // The 38th acceptance: a posterior draw's minimum (the gate is open: not EI's maximum), with or without the box.
        var drawn = gated.SuggestAndAccept("p1")!;
        Assert.NotEqual(WithOnePending("pendingStrategy", "believer").Suggest("p1"), drawn);
        Assert.Equal(drawsOnly.SuggestAndAccept("p1"), drawn);
        // The 39th: EI in the trust region around the best grid point, whose side is at most 0.8 of each range.
        var local = gated.SuggestAndAccept("p2")!;
        Assert.NotEqual(drawsOnly.SuggestAndAccept("p2"), local);
        var best = Enumerable.Range(0, 36).Select(i => At(-5 + 15 * (i % 6 + 0.5) / 6, 15 * (i / 6 + 0.5) / 6)).MinBy(branin.Evaluate)!;
        foreach (var name in new[] { "x0", "x1" })
            Assert.InRange(Math.Abs(local.GetDouble(name) - best.GetDouble(name)) / 15, 0, 0.4);
    }

    [Fact]
    public void Mixed_spaces_give_the_same_suggestions_for_the_same_seed_and_history() =>
        AssertDeterministic("gp", new MixedRosenbrock(), 10, Cheap());

    [Fact]
    public void Mixed_spaces_give_the_same_next_suggestion_for_results_in_any_order() =>
        AssertOrderIndependent("gp", new MixedRosenbrock(), 6, Cheap());

    [Fact]
    public void Parallel_suggestions_in_a_mixed_space_do_not_collapse_onto_one_point()
    {
        var function = new MixedRosenbrock();
        var searcher = Create("gp", function.Space, 5, Cheap());
        BestOf(searcher, function.Evaluate, 10);
        var batch = Enumerable.Range(0, 4).Select(i => searcher.SuggestAndAccept($"p{i}")!).ToList();
        Assert.Equal(4, batch.Distinct().Count());
        var spread = batch.SelectMany(a => batch, (a, b) => Math.Abs(a.GetDouble("x0") - b.GetDouble("x0")) + Math.Abs(a.GetDouble("x1") - b.GetDouble("x1"))).Max();
        Assert.True(spread > 0.05, $"four parallel suggestions within {spread} of each other in x0 + x1");
    }

    [Fact]
    public void In_a_mixed_space_every_other_suggestion_searches_a_box_around_the_best_combinations_best_result()
    {
        var function = new ShiftedSphere();
        var searcher = Create("gp", function.Space, 7, Cheap());
        // Seven results (start-up is six): "near" holds the best, at the origin; a trust region there has side 0.4 of
        // the unit range, i.e. ±0.8 around its centre on [-2, 2].
        (double X0, double X1, string Side)[] history =
            [(0, 0, "near"), (-1, 1, "near"), (1, -1, "near"), (-2, -2, "far"), (2, -2, "far"), (-2, 2, "far"), (-1, -1, "far")];
        for (var i = 0; i < history.Length; i++)
        {
            var (x0, x1, side) = history[i];
            var config = Config.Empty.With("x0", ParameterValue.Float(x0)).With("x1", ParameterValue.Float(x1)).With("side", ParameterValue.String(side));
            searcher.Accept($"h{i}", config);
            searcher.OnComplete($"h{i}", TrialOutcome.Completed(function.Evaluate(config)));
        }
        var first = searcher.SuggestAndAccept("t7")!;
        AssertInBox(first, 0, 0);
        // An improvement moves the region's centre with it (the region persists); the global step in between does not.
        searcher.OnComplete("t7", TrialOutcome.Completed(0.01));
        searcher.SuggestAndAccept("t8");
        searcher.OnComplete("t8", TrialOutcome.Completed(100));
        AssertInBox(searcher.SuggestAndAccept("t9")!, first.GetDouble("x0"), first.GetDouble("x1"));

        static void AssertInBox(Config c, double x0, double x1)
        {
            Assert.Equal("near", c.GetString("side"));
            Assert.InRange(c.GetDouble("x0"), x0 - 0.8 - 1e-9, x0 + 0.8 + 1e-9);
            Assert.InRange(c.GetDouble("x1"), x1 - 0.8 - 1e-9, x1 + 0.8 + 1e-9);
        }
    }

    [Fact]
    public void Trust_regions_depend_on_which_results_exist_not_on_their_order_or_the_searchers_life()
    {
        var function = new ShiftedSphere();
        var live = Create("gp", function.Space, 11, Cheap());
        var trials = Enumerable.Range(0, 16).Select(t =>
        {
            var config = live.SuggestAndAccept($"t{t}")!;
            live.OnComplete($"t{t}", TrialOutcome.Completed(function.Evaluate(config)));
            return config;
        }).ToList();
        // A searcher that accepts the same journaled trials, their results arriving in reverse order, suggests alike.
        var recovered = Create("gp", function.Space, 11, Cheap());
        for (var t = 0; t < trials.Count; t++) recovered.Accept($"t{t}", trials[t]);
        for (var t = trials.Count - 1; t >= 0; t--) recovered.OnComplete($"t{t}", TrialOutcome.Completed(function.Evaluate(trials[t])));
        Assert.Equal(live.SuggestAndAccept("t16"), recovered.SuggestAndAccept("t16"));
        Assert.Equal(live.SuggestAndAccept("t17"), recovered.SuggestAndAccept("t17"));
    }

    /// <summary>Two floats and a two-way categorical (two combinations): trust regions open after a few results.</summary>
    private sealed class ShiftedSphere : ITestFunction
    {
        public string Name => "shifted-sphere";
        public double KnownMinimum => 0;
        public SearchSpace Space { get; } = new([
            new ParameterDefinition("x0", new FloatDomain(-2, 2)),
            new ParameterDefinition("x1", new FloatDomain(-2, 2)),
            new ParameterDefinition("side", new CategoricalDomain([ParameterValue.String("near"), ParameterValue.String("far")])),
        ]);

        public double Evaluate(Config config) =>
            Math.Pow(config.GetDouble("x0") - 1, 2) + Math.Pow(config.GetDouble("x1") - 1, 2) + (config.GetString("side") == "far" ? 1 : 0);
    }

    [Fact]
    public void Bad_options_are_reported_with_their_path()
    {
        AssertRejects("gp", new() { ["pendingStrategy"] = "hope" }, "searcher.pendingStrategy");
        AssertRejects("gp", new() { ["xi"] = -1.0 }, "searcher.xi");
        AssertRejects("gp", new() { ["nStartup"] = 5L }, "searcher.nStartup");
        AssertRejects("gp", new() { ["discreteCombinations"] = -1L }, "searcher.discreteCombinations");
        AssertRejects("gp", new() { ["trustRegions"] = "sometimes" }, "searcher.trustRegions");
    }
}
