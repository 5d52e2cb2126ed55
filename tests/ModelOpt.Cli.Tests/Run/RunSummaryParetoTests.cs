using ModelOpt.Cli.Run;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

public class RunSummaryParetoTests
{
    [Fact]
    public void A_multi_objective_summary_lists_the_front_trials_with_their_metrics()
    {
        var search = SyntheticSearch.Of(8, pareto: true);

        var summary = RunSummary.Of(search);

        Assert.Equal(search.ParetoTrialIds, summary.ParetoFront!.Select(t => t.TrialId));
        Assert.All(summary.ParetoFront!, t => Assert.True(t.Metrics!.ContainsKey("parameters")));
        Assert.Contains(SummaryText.Lines(summary), l => l.StartsWith($"  pareto front ({search.ParetoTrialIds.Count}): {search.ParetoTrialIds[0]} accuracy="));
    }

    [Fact]
    public void A_single_objective_summary_has_no_front_and_the_search_s_own_duration()
    {
        var summary = RunSummary.Of(SyntheticSearch.Of(8));

        Assert.Null(summary.ParetoFront);
        Assert.Equal(180, summary.DurationSeconds);
        Assert.Contains(SummaryText.Lines(summary), l => l.EndsWith("epochs in 180.0 s"));
    }
}
