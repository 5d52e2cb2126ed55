using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

/// <summary><c>mopt trial stop</c> as the search state decides it.</summary>
public sealed class UserStopTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static SearchState RunningTwo()
    {
        var state = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 3, concurrent: 2), T0).State;
        state = state.DecideSlot("node-a", "cpu#0", T0).Decision.State;
        return state.DecideSlot("node-a", "cpu#1", T0).Decision.State;
    }

    [Fact]
    public void A_running_trial_stopped_by_the_user_is_journaled_as_stopped_and_frees_its_place()
    {
        var state = RunningTwo();

        var decision = state.DecideStopTrial("t0001", SearchState.StoppedByUserReason, T0);

        var stopped = Assert.IsType<TrialStopped>(Assert.Single(decision.Events));
        Assert.Equal(("t0001", "stopped by user"), (stopped.TrialId, stopped.Reason));
        Assert.Equal(TrialPhase.Stopped, decision.State.Trial("t0001")!.Phase);
        Assert.Equal(TrialPhase.Running, decision.State.Trial("t0002")!.Phase);
        Assert.Equal(1, decision.State.SlotsWanted(T0));
    }

    [Fact]
    public void Stopping_an_ended_or_unknown_trial_changes_nothing()
    {
        var state = RunningTwo();
        state = state.DecideStopTrial("t0001", SearchState.StoppedByUserReason, T0).State;

        Assert.Empty(state.DecideStopTrial("t0001", SearchState.StoppedByUserReason, T0).Events);
        Assert.Empty(state.DecideStopTrial("t0042", SearchState.StoppedByUserReason, T0).Events);
    }

    [Fact]
    public void Replaying_the_journal_rebuilds_the_stopped_trial()
    {
        var submitted = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 3, concurrent: 2), T0);
        var slot = submitted.State.DecideSlot("node-a", "cpu#0", T0).Decision;
        var stop = slot.State.DecideStopTrial("t0001", SearchState.StoppedByUserReason, T0);

        var replayed = submitted.Events.Concat(slot.Events).Concat(stop.Events).Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));

        Assert.Equal(TrialPhase.Stopped, replayed.Trial("t0001")!.Phase);
        Assert.Equal(SearchState.StoppedByUserReason, replayed.Trial("t0001")!.Reason);
    }
}
