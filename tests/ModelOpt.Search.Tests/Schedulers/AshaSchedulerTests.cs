using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Schedulers.Asha;
using Xunit;
using static ModelOpt.Search.Tests.Schedulers.SchedulerTestKit;

namespace ModelOpt.Search.Tests.Schedulers;

public class AshaSchedulerTests
{
    [Fact]
    public void Rungs_grow_by_the_reduction_factor_below_the_max_resource()
    {
        var asha = (AshaScheduler)Create("asha", Max, 27);
        Assert.Equal([1, 3, 9], asha.Bracket.Rungs);
        var wider = (AshaScheduler)Create("asha", Max, 100, new() { ["gracePeriod"] = 2L, ["reductionFactor"] = 2L });
        Assert.Equal([2, 4, 8, 16, 32, 64], wider.Bracket.Rungs);
    }

    [Fact]
    public void Keeps_only_the_top_third_at_a_rung_when_maximizing()
    {
        var asha = Create("asha", Max, 27);
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
    public void Direction_follows_the_objective_when_minimizing()
    {
        var asha = Create("asha", Min, 9);
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
        var asha = (AshaScheduler)Create("asha", Max, 27);
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
