using ModelOpt.Search.Functions;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Schedulers;

public class LearningCurveSimulatorTests
{
    private static Config Lr(double lr) => new(new Dictionary<string, ParameterValue> { ["lr"] = ParameterValue.Float(lr) });

    [Fact]
    public void Curves_are_deterministic_and_rise_towards_the_final_accuracy()
    {
        var sim = new LearningCurveSimulator();
        var a = sim.Curve(Lr(3e-3), 27, 5);
        Assert.Equal(a, sim.Curve(Lr(3e-3), 27, 5));
        Assert.NotEqual(a, sim.Curve(Lr(3e-3), 27, 6));
        Assert.True(a[^1] > a[0] + 0.5);
        Assert.InRange(a[^1], sim.FinalAccuracy(Lr(3e-3)) - 0.03, sim.FinalAccuracy(Lr(3e-3)) + 0.02);
    }

    [Fact]
    public void Slow_starters_can_finish_above_fast_starters()
    {
        var sim = new LearningCurveSimulator(noise: 0);
        var slow = sim.Curve(Lr(1e-3), 27, 1);
        var fast = sim.Curve(Lr(0.1), 27, 1);
        Assert.True(fast[0] > slow[0], "the large learning rate should lead early");
        Assert.True(slow[^1] > fast[^1], "the small learning rate should finish higher");
    }

    [Fact]
    public async Task The_curve_workload_reports_every_epoch_from_the_start_epoch()
    {
        var workload = SearchCatalog.BuiltIn.Workloads.Create(new WorkloadSpec("curve", new Dictionary<string, object?>()));
        var reports = new List<EpochReport>();
        var result = await workload.RunAsync(new TrialContext("s", "t1", Lr(0.01), 5, 3, StartEpoch: 2), reports.Add, CancellationToken.None);
        Assert.Equal([3, 4, 5], reports.Select(r => r.Epoch));
        Assert.Equal(reports[^1].Metrics["accuracy"], result.Metrics["accuracy"]);
    }
}
