using ModelOpt.Search.Schedulers;
using Xunit;
using static ModelOpt.Search.Tests.Schedulers.SchedulerTestKit;

namespace ModelOpt.Search.Tests.Schedulers;

public class MedianStoppingSchedulerTests
{
    [Fact]
    public void Stops_a_trial_below_the_median_running_average_but_not_before_grace_and_min_samples()
    {
        var median = Create("median", Max, 10, new() { ["gracePeriod"] = 2L, ["minSamples"] = 3L });
        foreach (var (trial, values) in new[] { ("a", new[] { 0.5, 0.6, 0.7 }), ("b", new[] { 0.4, 0.5, 0.6 }) })
            for (var e = 1; e <= values.Length; e++) median.Report(trial, e, values[e - 1]);
        // Only two others have reached epoch 2: not enough samples yet.
        Assert.Equal(DecisionKind.Continue, median.Report("c", 1, 0.1).Kind);
        Assert.Equal(DecisionKind.Continue, median.Report("c", 2, 0.1).Kind);
        for (var e = 1; e <= 3; e++) median.Report("d", e, 0.3 + 0.1 * e);
        // Now a, b, c, d have reached epoch 2 with running averages 0.55, 0.45, 0.1, 0.45: median 0.45.
        Assert.Equal(DecisionKind.Continue, median.Report("e", 1, 0.05).Kind);   // within grace
        var stop = median.Report("e", 2, 0.2);
        Assert.Equal(DecisionKind.Stop, stop.Kind);
        Assert.Contains("median 0.45 of 4 trials", stop.Reason);
        Assert.Equal(DecisionKind.Continue, median.Report("f", 2, 0.5).Kind);
    }
}
