using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

public sealed class SearchStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Drives a search as the actors would: grants every wanted slot, then ends the oldest running trial.</summary>
    private sealed class Driver
    {
        public SearchState State;
        public readonly List<ISearchEvent> Journal = [];
        public int MaxRunning;

        public Driver(string spec)
        {
            State = SearchState.Empty("s1", TestCatalog.All);
            Take(State.DecideSubmit(spec, T0));
        }

        public void Take(SearchDecision decision)
        {
            Journal.AddRange(decision.Events);
            State = decision.State;
        }

        public void GrantWanted()
        {
            for (var wanted = State.SlotsWanted(T0); wanted > 0; wanted--)
            {
                var (decision, _) = State.DecideSlot("node-a", "cpu#0", T0);
                Take(decision);
            }
            MaxRunning = Math.Max(MaxRunning, State.Running);
        }

        public TrialState OldestRunning => State.Trials.First(t => t.Phase == TrialPhase.Running);

        public void ReportBranin(TrialState trial)
        {
            var value = new Branin().Evaluate(trial.Config);
            Take(State.DecideReport(trial.Id, trial.Attempts, new EpochReport(1, new Dictionary<string, double> { ["value"] = value }, 0.01), T0));
            if (State.Trial(trial.Id)!.Phase == TrialPhase.Running)
                Take(State.DecideCompleted(trial.Id, trial.Attempts, new Dictionary<string, double> { ["value"] = value }, T0));
        }

        public void RunToEnd()
        {
            for (var guard = 0; State.Status == SearchStatus.Running && guard < 1000; guard++)
            {
                GrantWanted();
                if (State.Running > 0) ReportBranin(OldestRunning);
            }
        }
    }

    [Fact]
    public void A_bad_spec_is_rejected_with_every_problem_and_nothing_is_journaled()
    {
        var state = SearchState.Empty("s1", TestCatalog.All);
        var error = Assert.Throws<SpecException>(() => state.DecideSubmit("apiVersion: modelopt/v1\nname: BAD NAME\n", T0));
        Assert.True(error.Errors.Count >= 2);
        Assert.Equal(SearchStatus.Empty, state.Status);
    }

    [Fact]
    public void A_random_search_runs_its_budget_within_its_concurrency_and_finishes()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 10, concurrent: 3));
        driver.RunToEnd();

        Assert.Equal(SearchStatus.Finished, driver.State.Status);
        Assert.Equal(10, driver.State.Trials.Count);
        Assert.All(driver.State.Trials, t => Assert.Equal(TrialPhase.Completed, t.Phase));
        Assert.Equal(3, driver.MaxRunning);
        Assert.Equal(driver.State.Trials.Min(t => t.Objective), driver.State.Best!.Objective);
        Assert.IsType<SearchFinished>(driver.Journal[^1]);
    }

    [Fact]
    public void A_scheduler_stop_ends_the_trial_with_its_reason()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 4, concurrent: 1, scheduler: StopOddTrialsScheduler.Name));
        driver.RunToEnd();

        var phases = driver.State.Trials.Select(t => t.Phase).ToList();
        Assert.Equal([TrialPhase.Stopped, TrialPhase.Completed, TrialPhase.Stopped, TrialPhase.Completed], phases);
        Assert.Equal("odd trial stopped at epoch 1", driver.State.Trials[0].Reason);
        Assert.NotNull(driver.State.Trials[0].Objective);
    }

    [Fact]
    public void A_non_finite_objective_fails_the_trial_and_its_slot_goes_to_the_next()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 2, concurrent: 1));
        driver.GrantWanted();
        var first = driver.OldestRunning;
        driver.Take(driver.State.DecideReport(first.Id, 1, new EpochReport(1, new Dictionary<string, double> { ["value"] = double.NaN }, 0), T0));

        var failed = driver.State.Trial(first.Id)!;
        Assert.Equal(TrialPhase.Failed, failed.Phase);
        Assert.Equal(FailureKind.NonFiniteLoss, failed.Failure);
        Assert.Contains("NaN", failed.Reason);
        Assert.Equal(1, driver.State.SlotsWanted(T0));
    }

    [Fact]
    public void A_report_past_the_epoch_budget_is_never_journaled()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 1, concurrent: 1, epochs: 2));
        driver.GrantWanted();
        var trial = driver.OldestRunning;
        var journaled = driver.Journal.Count;

        foreach (var epoch in new[] { 0, 3, 20_000 })
            driver.Take(driver.State.DecideReport(trial.Id, 1, new EpochReport(epoch, new Dictionary<string, double> { ["value"] = 1 }, 0), T0));

        Assert.Equal(journaled, driver.Journal.Count);
        Assert.Empty(driver.State.Trial(trial.Id)!.Curve);
        Assert.Equal(TrialPhase.Running, driver.State.Trial(trial.Id)!.Phase);
    }

    [Fact]
    public void A_lost_attempt_is_requeued_up_to_the_retry_limit_then_fails()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 1, concurrent: 1, retries: 1));
        driver.GrantWanted();
        driver.Take(driver.State.DecideFailed("t0001", 1, FailureKind.Lost, "worker node-a left", T0));
        Assert.Equal(TrialPhase.Pending, driver.State.Trial("t0001")!.Phase);

        driver.GrantWanted();
        Assert.Equal(2, driver.State.Trial("t0001")!.Attempts);
        driver.Take(driver.State.DecideFailed("t0001", 2, FailureKind.Lost, "worker node-a left", T0));

        Assert.Equal(TrialPhase.Failed, driver.State.Trial("t0001")!.Phase);
        Assert.Equal(SearchStatus.Finished, driver.State.Status);
    }

    [Fact]
    public void Messages_from_an_old_attempt_are_ignored()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 1, concurrent: 1, retries: 2));
        driver.GrantWanted();
        driver.Take(driver.State.DecideFailed("t0001", 1, FailureKind.Crash, "runner crashed", T0));
        driver.GrantWanted();

        var stale = driver.State.DecideCompleted("t0001", 1, new Dictionary<string, double> { ["value"] = 1 }, T0);
        Assert.Empty(stale.Events);
    }

    [Fact]
    public void Recovery_requeues_attempts_that_were_running()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 4, concurrent: 2));
        driver.GrantWanted();
        driver.ReportBranin(driver.OldestRunning);
        var recovered = driver.Journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));

        var decision = recovered.DecideRecovered(T0);

        Assert.Single(decision.Events.OfType<TrialRequeued>());
        Assert.Equal(0, decision.State.Running);
        Assert.Equal(2, decision.State.SlotsWanted(T0));
    }

    [Fact]
    public void The_wall_time_budget_stops_new_trials_from_the_submission_time()
    {
        var spec = TestSpecs.Branin(trials: 100, concurrent: 1).Replace("maxConcurrent: 1", "maxConcurrent: 1, maxWallTime: 1m");
        var driver = new Driver(spec);
        driver.GrantWanted();
        driver.ReportBranin(driver.OldestRunning);

        Assert.Equal(1, driver.State.SlotsWanted(T0.AddSeconds(59)));
        Assert.Equal(0, driver.State.SlotsWanted(T0.AddMinutes(1)));
        Assert.IsType<SearchFinished>(driver.State.DecideFinishIfDone(T0.AddMinutes(1)).Events.Single());
    }

    [Fact]
    public void Cancelling_stops_every_active_trial()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 4, concurrent: 2));
        driver.GrantWanted();
        driver.Take(driver.State.DecideCancel(SearchState.CancelledReason, T0));

        Assert.Equal(SearchStatus.Cancelled, driver.State.Status);
        Assert.Equal(2, driver.Journal.OfType<TrialStopped>().Count());
        Assert.Equal(0, driver.State.SlotsWanted(T0));
    }

    [Fact]
    public void Replaying_a_finished_search_reproduces_its_trials_and_decisions()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 8, concurrent: 2, scheduler: StopOddTrialsScheduler.Name));
        driver.RunToEnd();

        var replayed = driver.Journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));

        Assert.Equal(SearchStatus.Finished, replayed.Status);
        Assert.Equal(driver.State.Trials.Count, replayed.Trials.Count);
        foreach (var (live, again) in driver.State.Trials.Zip(replayed.Trials))
        {
            Assert.Equal(live.Id, again.Id);
            Assert.Equal(live.Config, again.Config);
            Assert.Equal(live.Phase, again.Phase);
            Assert.Equal(live.Objective, again.Objective);
            Assert.Equal(live.Reason, again.Reason);
            Assert.Equal(live.Seed, again.Seed);
        }
        Assert.Equal(driver.State.Best!.Id, replayed.Best!.Id);
    }

    [Fact]
    public void A_replayed_search_makes_the_same_next_decisions_as_the_live_one()
    {
        var live = new Driver(TestSpecs.Branin(trials: 6, concurrent: 2, scheduler: StopOddTrialsScheduler.Name));
        live.GrantWanted();
        live.ReportBranin(live.OldestRunning);
        var replayed = new Driver(TestSpecs.Branin(trials: 6, concurrent: 2, scheduler: StopOddTrialsScheduler.Name))
        {
            State = live.Journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e)),
        };

        live.RunToEnd();
        replayed.RunToEnd();

        Assert.Equal(live.State.Trials.Select(t => (t.Id, t.Config, t.Phase)), replayed.State.Trials.Select(t => (t.Id, t.Config, t.Phase)));
    }

    [Fact]
    public void A_pbt_exploit_requeues_the_trial_with_the_new_config_from_the_source_checkpoint()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 2, concurrent: 2, scheduler: ExploitSecondTrialScheduler.Name, retries: 1, epochs: 3));
        driver.GrantWanted();
        var source = driver.State.Trial("t0001")!;
        driver.Take(driver.State.DecideReport("t0002", 1, new EpochReport(1, new Dictionary<string, double> { ["value"] = 9.0 }, 0), T0));

        var exploited = driver.State.Trial("t0002")!;
        Assert.IsType<TrialExploited>(driver.Journal[^1]);
        Assert.Equal(TrialPhase.Pending, exploited.Phase);
        Assert.Equal(("t0001", 1), (exploited.InitFrom, exploited.StartEpoch));
        Assert.Equal(1.5, exploited.Config["x0"].AsDouble());
        Assert.Equal(source.Config["x1"], exploited.Config["x1"]);
        Assert.Equal(1, driver.State.SlotsWanted(T0));

        var (restart, trial) = driver.State.DecideSlot("node-b", "cpu#1", T0);
        driver.Take(restart);
        Assert.Equal((2, 1), (trial!.Attempts, trial.Epochs));

        driver.Take(driver.State.DecideFailed("t0002", 2, FailureKind.Lost, "worker node-b left", T0));
        Assert.Equal(TrialPhase.Pending, driver.State.Trial("t0002")!.Phase);
    }

    [Fact]
    public void Replaying_an_exploited_trial_reproduces_its_config_and_curve()
    {
        var driver = new Driver(TestSpecs.Branin(trials: 2, concurrent: 2, scheduler: ExploitSecondTrialScheduler.Name, epochs: 3));
        driver.GrantWanted();
        driver.Take(driver.State.DecideReport("t0002", 1, new EpochReport(1, new Dictionary<string, double> { ["value"] = 9.0 }, 0), T0));
        driver.RunToEnd();

        var replayed = driver.Journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));

        Assert.Equal(SearchStatus.Finished, replayed.Status);
        Assert.Equal(driver.State.Trial("t0002"), replayed.Trial("t0002"), TrialComparer.Instance);
    }

    private sealed class TrialComparer : IEqualityComparer<TrialState?>
    {
        public static readonly TrialComparer Instance = new();

        public bool Equals(TrialState? x, TrialState? y) =>
            x is not null && y is not null && x.Config.Equals(y.Config) && x.Phase == y.Phase && x.Attempts == y.Attempts
            && x.InitFrom == y.InitFrom && x.StartEpoch == y.StartEpoch && x.Curve.SequenceEqual(y.Curve);

        public int GetHashCode(TrialState? obj) => obj?.Id.GetHashCode() ?? 0;
    }
}
