using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

/// <summary>A multi-objective search's snapshot names the completed trials on the Pareto front of all its objectives.</summary>
public sealed class ParetoSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static SearchState Run(string spec, params (double Value, double Size)[] results)
    {
        var state = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(spec, T0).State;
        foreach (var (value, size) in results)
        {
            var (decision, trial) = state.DecideSlot("node-a", "cpu#0", T0);
            state = decision.State;
            var metrics = new Dictionary<string, double> { ["value"] = value };
            state = state.DecideReport(trial!.Id, 1, new EpochReport(1, metrics, 0.01), T0).State;
            state = state.DecideCompleted(trial.Id, 1, new Dictionary<string, double>(metrics) { ["size"] = size }, T0).State;
        }
        return state;
    }

    [Fact]
    public void The_front_holds_the_trials_no_other_trial_beats_in_every_objective()
    {
        var spec = TestSpecs.Branin(trials: 4, concurrent: 1)
            .Replace("objective: {metric: value, mode: min}", "objective: {metric: value, mode: min, also: [{metric: size, mode: min}]}");
        var snapshot = SearchViews.Of(Run(spec, (1, 10), (2, 5), (3, 6), (0.5, 20)))!;

        Assert.Equal(["t0001", "t0002", "t0004"], snapshot.ParetoTrialIds);
        Assert.Equal("t0004", snapshot.BestTrialId);
    }

    [Fact]
    public void A_single_objective_search_has_no_front()
    {
        var snapshot = SearchViews.Of(Run(TestSpecs.Branin(trials: 2, concurrent: 1), (1, 10), (2, 5)))!;
        Assert.Empty(snapshot.ParetoTrialIds);
    }
}
