using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>BOHB is only BOHB with budgets to compare: a spec that would silently turn it into a density model is refused.</summary>
public class BohbSpecTests
{
    private static string Spec(string scheduler, int epochs) =>
        "apiVersion: modelopt/v1\n" +
        "name: bohb\n" +
        "objective: {metric: accuracy, mode: max}\n" +
        "space:\n" +
        "  lr: {type: float, low: 1.0e-4, high: 0.1, log: true}\n" +
        $"budget: {{maxTrials: 30, maxEpochsPerTrial: {epochs}}}\n" +
        "workload: {kind: curve}\n" +
        "searcher: bohb\n" +
        scheduler;

    [Fact]
    public void Without_a_multi_fidelity_scheduler_it_is_an_error_at_the_scheduler()
    {
        var error = SpecText.Errors(Spec("", 9)).At("scheduler");

        Assert.Contains("needs a multi-fidelity scheduler (hyperband or asha)", error.Message);
        Assert.Contains("'fifo'", error.Message);
        Assert.Contains("use searcher tpe", error.Message);
    }

    [Fact]
    public void One_epoch_per_trial_is_an_error_at_the_epoch_budget()
    {
        var errors = SpecText.Errors(Spec("scheduler: {type: hyperband}\n", 1));

        Assert.Contains("more than one epoch per trial", errors.At("budget.maxEpochsPerTrial").Message);
        Assert.DoesNotContain(errors, e => e.Path == "scheduler");
    }

    [Theory]
    [InlineData("scheduler: {type: hyperband, reductionFactor: 3}\n")]
    [InlineData("scheduler: {type: asha, gracePeriod: 1}\n")]
    public void With_budgets_to_compare_it_is_accepted(string scheduler) =>
        Assert.Equal("bohb", SpecText.Parse(Spec(scheduler, 9)).Searcher.Type);
}
