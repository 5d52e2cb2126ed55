using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Schedulers.Hyperband;
using ModelOpt.Search.Spaces;
using Xunit;
using static ModelOpt.Search.Tests.Schedulers.SchedulerTestKit;

namespace ModelOpt.Search.Tests.Schedulers;

public class HyperbandSchedulerTests
{
    [Fact]
    public void Brackets_have_growing_grace_periods()
    {
        var hb = (HyperbandScheduler)Create("hyperband", Max, 27);
        Assert.Equal(4, hb.Brackets.Count);
        Assert.Equal([1, 3, 9], hb.Brackets[0].Rungs);
        Assert.Equal([3, 9], hb.Brackets[1].Rungs);
        Assert.Equal([9], hb.Brackets[2].Rungs);
        Assert.Empty(hb.Brackets[3].Rungs);   // the plain bracket runs every trial to the end
    }

    [Fact]
    public void Trials_are_spread_in_hyperband_proportions_deterministically()
    {
        var a = (HyperbandScheduler)Create("hyperband", Max, 27);
        var b = (HyperbandScheduler)Create("hyperband", Max, 27);
        var counts = new int[4];
        for (var i = 0; i < 64; i++)
        {
            a.OnTrialStart($"t{i}", Config.Empty);
            b.OnTrialStart($"t{i}", Config.Empty);
            Assert.Equal(a.BracketOf($"t{i}"), b.BracketOf($"t{i}"));
            counts[a.BracketOf($"t{i}")]++;
        }
        // Weights ceil(4/4·27)=27, ceil(4/3·9)=12, ceil(4/2·3)=6, ceil(4/1·1)=4 of 49.
        Assert.True(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] >= counts[3], string.Join(",", counts));
        Assert.InRange(counts[0], 33, 38);
    }

    [Fact]
    public void Decisions_come_from_the_trials_own_bracket_and_name_it()
    {
        var hb = (HyperbandScheduler)Create("hyperband", Max, 27);
        for (var i = 0; i < 49; i++) hb.OnTrialStart($"t{i}", Config.Empty);
        var inFirst = Enumerable.Range(0, 49).Select(i => $"t{i}").Where(t => hb.BracketOf(t) == 0).ToList();
        hb.Report(inFirst[0], 1, 0.9);
        hb.Report(inFirst[1], 1, 0.8);
        var decision = hb.Report(inFirst[2], 1, 0.1);
        Assert.Equal(DecisionKind.Stop, decision.Kind);
        Assert.Contains("bracket 0 rung 1", decision.Reason);
        var inLast = Enumerable.Range(0, 49).Select(i => $"t{i}").First(t => hb.BracketOf(t) == 3);
        Assert.Equal(DecisionKind.Continue, hb.Report(inLast, 1, 0.0).Kind);
    }
}
