using ModelOpt.Search.Schedulers;
using Xunit;
using static ModelOpt.Search.Tests.Schedulers.SchedulerTestKit;

namespace ModelOpt.Search.Tests.Schedulers;

public class PatienceSchedulerTests
{
    [Fact]
    public void Stops_after_patience_epochs_without_an_improvement_larger_than_min_delta()
    {
        var patience = Create("patience", Max, 20, new() { ["patience"] = 2L, ["minDelta"] = 0.01 });
        Assert.Equal(DecisionKind.Continue, patience.Report("a", 1, 0.50).Kind);
        Assert.Equal(DecisionKind.Continue, patience.Report("a", 2, 0.60).Kind);
        Assert.Equal(DecisionKind.Continue, patience.Report("a", 3, 0.605).Kind);  // +0.005 is not an improvement
        var stop = patience.Report("a", 4, 0.609);
        Assert.Equal(DecisionKind.Stop, stop.Kind);
        Assert.Contains("for 2 epochs (best 0.6 at epoch 2)", stop.Reason);
    }

    [Fact]
    public void Watches_another_metric_with_its_own_direction()
    {
        var patience = Create("patience", Max, 20, new() { ["patience"] = 1L, ["metric"] = "val_loss", ["mode"] = "min" });
        Assert.Equal(DecisionKind.Continue, patience.OnReport("a", new TrialReport(1, 0.5, new Dictionary<string, double> { ["val_loss"] = 1.0 })).Kind);
        Assert.Equal(DecisionKind.Continue, patience.OnReport("a", new TrialReport(2, 0.4, new Dictionary<string, double> { ["val_loss"] = 0.8 })).Kind);
        Assert.Equal(DecisionKind.Stop, patience.OnReport("a", new TrialReport(3, 0.9, new Dictionary<string, double> { ["val_loss"] = 0.85 })).Kind);
    }

    [Fact]
    public void Another_metric_needs_its_mode()
    {
        var e = Assert.Throws<SpecException>(() => Create("patience", Max, 20, new() { ["metric"] = "val_loss" }));
        Assert.Contains(e.Errors, x => x.Path == "scheduler.mode");
    }

    [Fact]
    public void Early_stopping_combines_with_asha()
    {
        var scheduler = Create("asha", Max, 27, new() { ["earlyStopping"] = new Dictionary<string, object?> { ["patience"] = 1L } });
        Assert.IsType<CombinedScheduler>(scheduler);
        Assert.Equal(DecisionKind.Continue, scheduler.Report("a", 1, 0.5).Kind);
        Assert.Equal(DecisionKind.Continue, scheduler.Report("a", 2, 0.6).Kind);
        var stop = scheduler.Report("a", 3, 0.55);   // ASHA would continue (rung 3, alone); patience stops
        Assert.Equal(DecisionKind.Stop, stop.Kind);
        Assert.StartsWith("no improvement", stop.Reason);
        var bad = Assert.Throws<SpecException>(() => Create("asha", Max, 27, new() { ["earlyStopping"] = new Dictionary<string, object?> { ["patience"] = 0L } }));
        Assert.Contains(bad.Errors, x => x.Path == "scheduler.earlyStopping.patience");
    }
}
