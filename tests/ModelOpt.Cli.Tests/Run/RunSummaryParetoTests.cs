using ModelOpt.Cli.Run;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

public class RunSummaryParetoTests
{
    private static TrialSnapshot Trial(string id, double accuracy, double? parameters) =>
        new(id, new Config([KeyValuePair.Create("lr", ParameterValue.Float(0.01))]), TrialPhase.Completed, 1, 1, accuracy,
            parameters is { } p ? new Dictionary<string, double> { ["val_accuracy"] = accuracy, ["parameters"] = p } : null, null, null, null, null,
            [new EpochReport(1, new Dictionary<string, double> { ["val_accuracy"] = accuracy, ["parameters"] = 7 }, 1)]);

    private static SearchSnapshot Search() =>
        new SearchSnapshot("s1", "pareto", SearchStatus.Finished, "done", default, null, "val_accuracy", ObjectiveMode.Max, 3,
            [Trial("t1", 0.9, 100), Trial("t2", 0.95, null), Trial("t3", 0.8, 1000)], "t2")
        {
            ParetoTrialIds = ["t1", "t2"],
        };

    [Fact]
    public void A_multi_objective_summary_lists_the_front_with_every_objective_value()
    {
        var objective = new Objective("val_accuracy", ObjectiveMode.Max) { Also = [new Objective("parameters", ObjectiveMode.Min)] };
        var summary = RunSummary.Of(Search(), 1, objective);

        Assert.Equal(["t1", "t2"], summary.ParetoFront!.Select(p => p.Trial));
        Assert.Equal(100, summary.ParetoFront![0].Objectives["parameters"]);
        Assert.Equal(7, summary.ParetoFront![1].Objectives["parameters"]);
        Assert.Contains("\"paretoFront\"", summary.ToJson());
        Assert.Contains(summary.ToLines(), l => l.Contains("pareto front (2): t1 val_accuracy=0.9 parameters=100"));
    }

    [Fact]
    public void A_single_objective_summary_has_no_front() =>
        Assert.Null(RunSummary.Of(Search(), 1, new Objective("val_accuracy", ObjectiveMode.Max)).ParetoFront);
}
