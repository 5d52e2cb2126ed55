using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Schedulers.Asha;
using Xunit;
using static ModelOpt.Search.Tests.Schedulers.SchedulerTestKit;

namespace ModelOpt.Search.Tests.Schedulers;

public class AshaSchedulerTests
{
    /// <summary>The textbook single bracket: cut from epoch 1, keep the top third, every pass final.</summary>
    private static Dictionary<string, object?> Classic(bool recheck = false) => new() { ["gracePeriod"] = 1L, ["reductionFactor"] = 3L, ["recheck"] = recheck };

    [Fact]
    public void Rungs_grow_by_the_reduction_factor_below_the_max_resource()
    {
        var asha = (AshaScheduler)Create("asha", Max, 27, Classic());
        Assert.Equal([1, 3, 9], asha.Bracket.Rungs);
        var wider = (AshaScheduler)Create("asha", Max, 100, new() { ["gracePeriod"] = 2L, ["reductionFactor"] = 2L });
        Assert.Equal([2, 4, 8, 16, 32, 64], wider.Bracket.Rungs);
    }

    [Fact]
    public void By_default_the_first_cut_comes_at_a_ninth_of_the_max_resource_and_rungs_halve()
    {
        Assert.Equal([3, 6, 12, 24], ((AshaScheduler)Create("asha", Max, 27)).Bracket.Rungs);
        Assert.Equal([1, 2, 4, 8], ((AshaScheduler)Create("asha", Max, 10)).Bracket.Rungs);
        Assert.Equal([11, 22, 44, 88], ((AshaScheduler)Create("asha", Max, 100)).Bracket.Rungs);
        Assert.Equal([1], ((AshaScheduler)Create("asha", Max, 2)).Bracket.Rungs);
    }

    [Fact]
    public void Keeps_only_the_top_third_at_a_rung_when_maximizing()
    {
        var asha = Create("asha", Max, 27, Classic());
        Assert.Equal(DecisionKind.Continue, asha.Report("a", 1, 0.50).Kind);
        var early = asha.Report("b", 1, 0.40);                              // fewer than rf results: nobody is cut yet
        Assert.Equal(DecisionKind.Continue, early.Kind);
        Assert.Contains("only 2 result(s)", early.Reason);
        Assert.Equal(DecisionKind.Continue, asha.Report("c", 1, 0.60).Kind);
        var d = asha.Report("d", 1, 0.45);                                  // 4 recorded: keep 1 (0.60)
        Assert.Equal(DecisionKind.Stop, d.Kind);
        Assert.Contains("below rung 1 cut-off 0.6 (top 1/3 of 4)", d.Reason);
        // Between rungs nothing is judged.
        Assert.Equal(DecisionKind.Continue, asha.Report("a", 2, 0.01).Kind);
    }

    [Fact]
    public void A_pass_at_a_young_rung_is_taken_back_once_the_rung_fills_with_better_results()
    {
        var asha = Create("asha", Max, 27, new() { ["gracePeriod"] = 2L, ["reductionFactor"] = 3L });   // rungs 2, 6, 18
        Assert.Equal(DecisionKind.Continue, asha.Report("a", 2, 0.50).Kind);   // alone at rung 2: passes
        Assert.Equal(DecisionKind.Continue, asha.Report("a", 3, 0.55).Kind);   // still nothing to compare with
        asha.Report("b", 2, 0.60);
        asha.Report("c", 2, 0.70);                                             // 3 results: keep 1 (0.70)
        var a = asha.Report("a", 4, 0.56);
        Assert.Equal(DecisionKind.Stop, a.Kind);
        Assert.Equal("below rung 2 cut-off 0.7 (top 1/3 of 3) since it passed there with 0.5", a.Reason);
        // The trial that holds the cut-off keeps going between rungs.
        Assert.Equal(DecisionKind.Continue, asha.Report("c", 3, 0.75).Kind);
        // Once judged at its next rung, a trial answers to that rung only.
        Assert.Equal(DecisionKind.Continue, asha.Report("c", 6, 0.80).Kind);  // first result at rung 6
        asha.Report("d", 2, 0.90);
        asha.Report("e", 2, 0.95);
        asha.Report("f", 2, 0.99);                                             // rung 2's cut-off passes c's 0.70
        Assert.Equal(DecisionKind.Continue, asha.Report("c", 7, 0.81).Kind);
    }

    [Fact]
    public void A_trial_at_its_last_epoch_is_not_rechecked()
    {
        var asha = Create("asha", Max, 6, new() { ["gracePeriod"] = 2L, ["reductionFactor"] = 2L });   // rungs 2, 4
        asha.Report("c", 4, 0.45);                                             // alone at rung 4: passes
        asha.Report("a", 4, 0.50);
        asha.Report("b", 4, 0.60);
        asha.Report("d", 4, 0.70);                                             // 4 results: keep 2, cut-off 0.60
        Assert.Equal(DecisionKind.Stop, asha.Report("a", 5, 0.55).Kind);
        Assert.Equal(DecisionKind.Continue, asha.Report("c", 6, 0.65).Kind);   // below it too, but finished anyway
    }

    [Fact]
    public void Without_recheck_a_pass_stands_until_the_next_rung()
    {
        var asha = Create("asha", Max, 27, new() { ["gracePeriod"] = 2L, ["reductionFactor"] = 3L, ["recheck"] = false });
        asha.Report("a", 2, 0.50);
        asha.Report("b", 2, 0.60);
        asha.Report("c", 2, 0.70);
        Assert.Equal(DecisionKind.Continue, asha.Report("a", 3, 0.56).Kind);
    }

    [Fact]
    public void Direction_follows_the_objective_when_minimizing()
    {
        var asha = Create("asha", Min, 9, Classic());
        asha.Report("a", 1, 0.3);
        asha.Report("b", 1, 0.2);
        asha.Report("c", 1, 0.25);
        var good = asha.Report("d", 1, 0.1);                               // 4 recorded: keep 1, d is the lowest
        Assert.Equal(DecisionKind.Continue, good.Kind);
        Assert.StartsWith("passed rung 1", good.Reason);
        Assert.Equal(DecisionKind.Stop, asha.Report("e", 1, 0.5).Kind);
    }

    [Fact]
    public void A_trial_is_judged_once_per_rung_and_promoted_through_later_rungs()
    {
        var asha = (AshaScheduler)Create("asha", Max, 27, Classic());
        asha.Report("a", 1, 0.5);
        asha.Report("a", 1, 0.5);
        Assert.Single(asha.Bracket.RecordedAt(1));
        // A resumed trial that skips from epoch 1 to 4 is judged at rung 3.
        asha.Report("a", 4, 0.7);
        Assert.Single(asha.Bracket.RecordedAt(3));
        Assert.Empty(asha.Bracket.RecordedAt(9));
    }

    [Fact]
    public void Bad_options_are_reported_with_their_paths()
    {
        var e = Assert.Throws<SpecException>(() => Create("asha", Max, 9, new() { ["reductionFactor"] = 1L, ["gracePeriod"] = "x", ["bogus"] = 1L }));
        Assert.Contains(e.Errors, x => x.Path == "scheduler.reductionFactor");
        Assert.Contains(e.Errors, x => x.Path == "scheduler.gracePeriod");
        Assert.Contains(e.Errors, x => x.Path == "scheduler.bogus" && x.Message == "unknown option");
        var g = Assert.Throws<SpecException>(() => Create("asha", Max, 3, new() { ["gracePeriod"] = 3L }));
        Assert.Contains("below the max resource", g.Message);
    }
}
