using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Searches.External;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches.External;

/// <summary>The decisions of an external search (trials run by clients) on the pure state: no actors, time passed in.</summary>
public sealed class ExternalTrialStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly List<ISearchEvent> _journal = [];
    private SearchState _state = SearchState.Empty("ext", TestCatalog.All);

    private void Take(SearchDecision decision)
    {
        _journal.AddRange(decision.Events);
        _state = decision.State;
    }

    private void Submit(string spec) => Take(_state.DecideSubmit(spec, T0));

    private TrialState? Ask(string client = "client-a")
    {
        var (decision, trial) = _state.DecideAsk(client, T0);
        Take(decision);
        return trial;
    }

    private ExternalVerdict Report(TrialState trial, int epoch, double value, int? attempt = null)
    {
        var (decision, verdict) = _state.DecideExternalReport(trial.Id, attempt ?? trial.Attempts,
            new EpochReport(epoch, new Dictionary<string, double> { ["value"] = value }, 0.5), T0);
        Take(decision);
        return verdict;
    }

    private ExternalVerdict Tell(TrialState trial, double value, int? attempt = null, string? failure = null)
    {
        var (decision, verdict) = _state.DecideTell(trial.Id, attempt ?? trial.Attempts, new Dictionary<string, double> { ["value"] = value }, failure, T0);
        Take(decision);
        return verdict;
    }

    [Fact]
    public void Asks_hand_out_at_most_maxConcurrent_trials_and_the_search_never_asks_for_worker_slots()
    {
        Submit(TestSpecs.ExternalBranin(trials: 5, concurrent: 2));

        var first = Ask();
        var second = Ask("client-b");
        var third = Ask("client-c");

        Assert.True(_state.IsExternal);
        Assert.Equal(0, _state.SlotsWanted(T0));
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal(("client-b", SearchState.ExternalDevice, 1), (second.Node, second.Device, second.Attempts));
        Assert.True(second.Config.ContainsKey("x0") && second.Config.ContainsKey("x1"));
        Assert.Equal(2, _state.Running);
    }

    [Fact]
    public void A_report_is_journaled_once_and_a_repeated_or_out_of_range_epoch_changes_nothing()
    {
        Submit(TestSpecs.ExternalBranin(epochs: 3));
        var trial = Ask()!;

        Assert.Equal(VerdictKind.Continue, Report(trial, 1, 5.0).Decision);
        var events = _journal.Count;
        Assert.Equal(VerdictKind.Continue, Report(trial, 1, 4.0).Decision);
        var invalid = Report(trial, 4, 3.0);

        Assert.Equal(events, _journal.Count);
        Assert.Equal(VerdictKind.Invalid, invalid.Decision);
        Assert.Contains("outside 1..3", invalid.Reason);
        Assert.Equal([5.0], _state.Trial(trial.Id)!.Curve.Select(r => r.Metrics["value"]));
    }

    [Fact]
    public void The_schedulers_stop_reaches_the_client_and_is_repeated_for_a_retried_report_and_the_tell_after_it_records_nothing()
    {
        Submit(TestSpecs.ExternalBranin(scheduler: StopOddTrialsScheduler.Name));
        var odd = Ask()!;

        var stop = Report(odd, 1, 5.0);
        var events = _journal.Count;
        var again = Report(odd, 1, 5.0);
        var told = Tell(odd, 4.0);

        Assert.Equal(VerdictKind.Stop, stop.Decision);
        Assert.Equal("odd trial stopped at epoch 1", stop.Reason);
        Assert.Equal(stop, again);
        Assert.Equal((VerdictKind.Done, TrialPhase.Stopped), (told.Decision, told.Phase));
        Assert.Equal(events, _journal.Count);
        Assert.Equal(5.0, _state.Trial(odd.Id)!.Objective);
    }

    [Fact]
    public void A_tell_completes_the_trial_with_its_final_metrics_once_and_a_repeated_tell_is_answered_the_same()
    {
        Submit(TestSpecs.ExternalBranin(trials: 1, concurrent: 1));
        var trial = Ask()!;
        Report(trial, 1, 3.0);

        var done = Tell(trial, 2.5);
        var events = _journal.Count;
        var again = Tell(trial, 9.9);

        Assert.Equal((VerdictKind.Done, TrialPhase.Completed, 2.5), (done.Decision, done.Phase, done.Objective));
        Assert.Equal(done, again);
        Assert.Equal(events, _journal.Count);
        Assert.Equal(SearchStatus.Finished, _state.Status);
    }

    [Fact]
    public void A_client_failure_fails_the_trial_without_a_retry()
    {
        Submit(TestSpecs.ExternalBranin(retries: 3));
        var trial = Ask()!;

        var told = Tell(trial, 0, failure: "CUDA out of memory");

        Assert.Equal((VerdictKind.Done, TrialPhase.Failed), (told.Decision, told.Phase));
        Assert.Equal("the client reported a failure: CUDA out of memory", _state.Trial(trial.Id)!.Reason);
        Assert.Equal(FailureKind.Exception, _state.Trial(trial.Id)!.Failure);
    }

    [Fact]
    public void An_attempt_whose_lease_expired_is_refused_and_the_requeued_trial_goes_to_the_next_ask_as_a_new_attempt()
    {
        Submit(TestSpecs.ExternalBranin(concurrent: 1, retries: 1));
        var lost = Ask("client-a")!;
        Report(lost, 1, 7.0);
        Take(_state.DecideFailed(lost.Id, 1, FailureKind.Lost, "client client-a went silent", T0));

        var late = Report(lost, 2, 6.0, attempt: 1);
        var retried = Ask("client-b")!;
        var lateTell = Tell(lost, 6.0, attempt: 1);
        var fresh = Report(retried, 1, 4.0);

        Assert.Equal(VerdictKind.Refused, late.Decision);
        Assert.Contains("attempt 1 no longer holds trial t0001: attempt 1: client client-a went silent", late.Reason);
        Assert.Equal((lost.Id, 2, "client-b"), (retried.Id, retried.Attempts, retried.Node));
        Assert.Equal(VerdictKind.Refused, lateTell.Decision);
        Assert.Equal(VerdictKind.Continue, fresh.Decision);
        Assert.Equal([4.0], _state.Trial(lost.Id)!.Curve.Select(r => r.Metrics["value"]));
    }

    [Fact]
    public void A_lease_lost_with_no_retries_left_fails_the_trial_and_its_client_is_refused()
    {
        Submit(TestSpecs.ExternalBranin(retries: 0));
        var trial = Ask()!;
        Take(_state.DecideFailed(trial.Id, 1, FailureKind.Lost, "client client-a went silent", T0));

        var verdict = _state.ExternalVerdictOf(trial.Id, 1);

        Assert.Equal((VerdictKind.Refused, TrialPhase.Failed), (verdict.Decision, verdict.Phase));
    }

    [Fact]
    public void A_cancelled_search_tells_its_clients_to_stop_and_answers_asks_with_nothing()
    {
        Submit(TestSpecs.ExternalBranin());
        var trial = Ask()!;
        Take(_state.DecideCancel(SearchState.CancelledReason, T0));

        Assert.Equal((VerdictKind.Stop, SearchState.CancelledReason), (_state.ExternalVerdictOf(trial.Id, 1).Decision, _state.ExternalVerdictOf(trial.Id, 1).Reason));
        Assert.Null(Ask());
        Assert.Equal(SearchStatus.Cancelled, _state.Status);
    }

    [Fact]
    public void Recovery_keeps_client_run_trials_running_and_replaying_the_journal_gives_the_same_trials()
    {
        Submit(TestSpecs.ExternalBranin(trials: 4, concurrent: 2, scheduler: StopOddTrialsScheduler.Name));
        var a = Ask()!;
        var b = Ask()!;
        Report(a, 1, 3.0);
        Report(b, 1, 2.0);
        Report(b, 2, 1.5);
        Tell(b, 1.25);
        Ask();

        var replayed = _journal.Aggregate(SearchState.Empty("ext", TestCatalog.All), (s, e) => s.Apply(e));
        var recovered = replayed.DecideRecovered(T0);

        Assert.Empty(recovered.Events);
        Assert.Equal(_state.Trials.Select(t => (t.Id, t.Phase, t.Attempts, t.Config, t.Objective, t.Node)),
            recovered.State.Trials.Select(t => (t.Id, t.Phase, t.Attempts, t.Config, t.Objective, t.Node)));
        Assert.Contains(recovered.State.Trials, t => t.Phase == TrialPhase.Running);
    }

    [Fact]
    public void A_snapshot_of_an_external_search_recovers_the_same_trials_and_hands_out_the_same_next_trial()
    {
        Submit(TestSpecs.ExternalBranin(trials: 5, concurrent: 3));
        var a = Ask()!;
        Ask();
        Report(a, 1, 3.0);
        Tell(a, 2.0);

        var recovered = SearchState.FromSnapshot(_state.ToSnapshot(), TestCatalog.All);
        var (_, next) = recovered.DecideAsk("client-z", T0);
        var expected = Ask("client-z");

        Assert.True(recovered.IsExternal);
        Assert.Equal(_state.Trials.Take(2).Select(t => (t.Id, t.Phase, t.Objective)), recovered.Trials.Take(2).Select(t => (t.Id, t.Phase, t.Objective)));
        Assert.Equal((expected!.Id, expected.Config), (next!.Id, next.Config));
    }

    [Fact]
    public void A_search_whose_trials_run_on_workers_refuses_asks_reports_and_tells()
    {
        Submit(TestSpecs.Branin());

        Assert.Null(Ask());
        Assert.Empty(_journal.OfType<TrialSuggested>());
        Assert.Equal(VerdictKind.Invalid, _state.ExternalVerdictOf("t0001", 1).Decision);
        Assert.Contains("workload kind 'external'", _state.ExternalVerdictOf("t0001", 1).Reason);
    }

    [Fact]
    public void The_spec_reads_the_lease_and_refuses_pbt_and_a_bad_lease_with_their_paths()
    {
        var spec = SpecParser.Parse(TestSpecs.ExternalBranin(lease: "90s"), TestCatalog.All);
        var pbt = Assert.Throws<SpecException>(() => SpecParser.Parse(TestSpecs.ExternalBranin(scheduler: "pbt"), TestCatalog.All));
        var bad = Assert.Throws<SpecException>(() => SpecParser.Parse(TestSpecs.ExternalBranin(lease: "soon"), TestCatalog.All));
        var tiny = Assert.Throws<SpecException>(() => SpecParser.Parse(TestSpecs.ExternalBranin(lease: "0.1s"), TestCatalog.All));

        Assert.Equal(TimeSpan.FromSeconds(90), ExternalWorkload.Of(spec)!.Lease);
        Assert.Contains(pbt.Errors, e => e.Path == "scheduler.type" && e.Message.Contains("external trials"));
        Assert.Contains(bad.Errors, e => e.Path == "workload.lease" && e.Message.Contains("must be a duration"));
        Assert.Contains(tiny.Errors, e => e.Path == "workload.lease" && e.Message.Contains("between 1s and 1d"));
    }
}
