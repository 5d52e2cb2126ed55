using System.Collections.Immutable;
using ModelOpt.Search;
using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// One search: its spec, algorithms, trials and budget. <see cref="Apply"/> turns one event into the next state and is
/// all that recovery does; the <c>Decide…</c> methods turn what happened into events (already applied to the returned
/// state). Time is always passed in, never read, so decisions replay the same way.
/// </summary>
public sealed partial record SearchState
{
    public const string CancelledReason = "search cancelled";
    public const string StoppedByUserReason = "stopped by user";

    private SearchState(string searchId, SearchCatalog catalog)
    {
        SearchId = searchId;
        Catalog = catalog;
    }

    public string SearchId { get; }
    public SearchStatus Status { get; private init; } = SearchStatus.Empty;
    public SearchSpec? Spec { get; private init; }
    public DateTimeOffset SubmittedAt { get; private init; }
    public DateTimeOffset? EndedAt { get; private init; }
    public string? EndReason { get; private init; }
    public bool SearcherExhausted { get; private init; }
    public ImmutableList<TrialState> Trials { get; private init; } = [];

    /// <summary>The submission span's <c>traceparent</c> (see <see cref="SearchSubmitted.TraceParent"/>).</summary>
    public string? TraceParent { get; private init; }

    /// <summary>The searcher a spec without a searcher key runs with (see <see cref="SearchSubmitted.DefaultSearcher"/>).</summary>
    private string DefaultSearcher { get; init; } = SpecParser.DefaultSearcher;

    /// <summary>The kinds the spec is read and the algorithms built with.</summary>
    private SearchCatalog Catalog { get; }

    /// <summary>Fed once per applied event; shared by successive states of one search (it is only ever moved forward).</summary>
    private SearchAlgorithms? Algorithms { get; init; }

    /// <summary>Where each trial is in <see cref="Trials"/>, and which ones wait, so a decision costs no scan of all trials.</summary>
    private TrialIndex Index { get; init; } = TrialIndex.Empty;

    /// <param name="catalog">The kinds the search's spec is read and its algorithms built with.</param>
    public static SearchState Empty(string searchId, SearchCatalog catalog) => new(searchId, catalog);

    public SearchSpec RequiredSpec => Spec ?? throw new InvalidOperationException($"search '{SearchId}' has not been submitted");

    public int Running => Index.Running;

    /// <summary>The trials running now, in the order they were added; read from the index, not by walking every trial.</summary>
    public IEnumerable<TrialState> RunningTrials => Index.RunningAt.Select(i => Trials[i]);

    /// <summary>Where the running trials are in <see cref="Trials"/>, in order.</summary>
    internal IReadOnlyCollection<int> RunningPositions => Index.RunningAt;

    public int Waiting => Index.Pending.Count;

    /// <summary>Events applied so far (the journal's length for this search); a trial's <see cref="TrialState.ChangedAt"/> is the version that last changed it.</summary>
    public long Version { get; private init; }

    /// <summary>How many trials are in each phase.</summary>
    public TrialCounts Counts => Index.Counts;

    public TrialState? Trial(string trialId) => Index.Positions.TryGetValue(trialId, out var i) ? Trials[i] : null;

    /// <summary>Where the trial is in <see cref="Trials"/>, or null.</summary>
    public int? PositionOf(string trialId) => Index.Positions.TryGetValue(trialId, out var i) ? i : null;

    /// <summary>The best completed trial by the objective (the earliest of equals), or null.</summary>
    public TrialState? Best => BestAt < 0 ? null : Trials[BestAt];

    /// <summary>Where <see cref="Best"/> is in <see cref="Trials"/> (-1: none); kept as trials complete, so reading it scans nothing.</summary>
    private int BestAt { get; init; } = -1;

    public bool WallTimeUsed(DateTimeOffset now) => Spec?.Budget.MaxWallTime is { } limit && now - SubmittedAt >= limit;

    /// <summary>Whether a new trial may be suggested now.</summary>
    public bool CanSuggest(DateTimeOffset now) =>
        Status == SearchStatus.Running && !SearcherExhausted && Trials.Count < RequiredSpec.Budget.MaxTrials && !WallTimeUsed(now);

    /// <summary>How many more slots this search could use now.</summary>
    public int SlotsWanted(DateTimeOffset now)
    {
        if (Status != SearchStatus.Running || IsExternal) return 0;
        var work = Waiting + (CanSuggest(now) ? RequiredSpec.Budget.MaxTrials - Trials.Count : 0);
        return Math.Max(0, Math.Min(RequiredSpec.Budget.MaxConcurrent - Running, work));
    }

    // ---- decisions ----

    /// <summary>Accepts a spec. Throws <see cref="SpecException"/> listing every problem.</summary>
    public SearchDecision DecideSubmit(string specText, DateTimeOffset now, string? traceParent = null)
    {
        if (Status != SearchStatus.Empty) return SearchDecision.None(this);
        SpecParser.Parse(specText, Catalog);
        return Emit([new SearchSubmitted(SearchId, specText, now) { TraceParent = traceParent, DefaultSearcher = SpecParser.DefaultSearcher }]);
    }

    /// <summary>
    /// A slot was granted: the next waiting trial gets it, else a new suggestion; null trial when there is nothing to run.
    /// The attempt is journaled with <paramref name="token"/>, which every message about it must then carry.
    /// </summary>
    public (SearchDecision Decision, TrialState? Trial) DecideSlot(string node, string device, DateTimeOffset now, string? token = null)
    {
        if (Status != SearchStatus.Running || Running >= RequiredSpec.Budget.MaxConcurrent) return (SearchDecision.None(this), null);
        var waiting = Index.Pending.Count > 0 ? Trials[Index.Pending.Min] : null;
        if (waiting is not null)
        {
            var started = Emit([new TrialStarted(waiting.Id, waiting.Attempts + 1, node, device, now) { Token = token }]);
            return (started, started.State.Trial(waiting.Id));
        }
        if (!CanSuggest(now)) return (DecideFinishIfDone(now), null);

        var trialId = TrialIdFor(Trials.Count + 1);
        var config = Algorithms!.Suggest(trialId);
        if (config is null) return (Emit([new SuggestionsExhausted()], s => s.DecideFinishIfDone(now)), null);
        var decision = Emit([new TrialSuggested(trialId, config), new TrialStarted(trialId, 1, node, device, now) { Token = token }]);
        return (decision, decision.State.Trial(trialId));
    }

    /// <summary>
    /// An epoch report from the current attempt: journal it, and stop the trial if the scheduler says so or the objective
    /// is not finite. A report outside the epoch budget (1 to <c>budget.maxEpochsPerTrial</c>) is dropped, whichever
    /// workload sent it, so the journal holds at most the budget's reports per attempt.
    /// </summary>
    public SearchDecision DecideReport(string trialId, int attempt, EpochReport report, DateTimeOffset now, string? token = null)
    {
        if (!IsCurrent(trialId, attempt, token) || report.Epoch < 1 || report.Epoch > RequiredSpec.Budget.MaxEpochsPerTrial) return SearchDecision.None(this);
        var metric = RequiredSpec.Objective.Metric;
        if (!report.Metrics.TryGetValue(metric, out var objective))
            return Emit([new TrialReported(trialId, report) { Attempt = attempt }]);
        if (!double.IsFinite(objective))
            return Emit([new TrialFailed(trialId, FailureKind.NonFiniteLoss, $"objective '{metric}' is {objective} at epoch {report.Epoch}", now)], s => s.DecideFinishIfDone(now));

        var decision = Algorithms!.Decide(trialId, new TrialReport(report.Epoch, objective, report.Metrics));
        var reported = new TrialReported(trialId, report) { Attempt = attempt };
        ISearchEvent[] events = decision switch
        {
            { Kind: DecisionKind.Stop } => [reported, new TrialStopped(trialId, decision.Reason, now) { By = StopKind.Scheduler }],
            { Kind: DecisionKind.Exploit, CloneFrom: { } from, NewConfig: { } config } when from != trialId && Trial(from) is not null =>
                [reported, new TrialExploited(trialId, from, config, report.Epoch, decision.Reason) { At = now }],
            _ => [reported],
        };
        return Emit(events, s => s.DecideFinishIfDone(now));
    }

    /// <summary>The current attempt returned metrics.</summary>
    public SearchDecision DecideCompleted(string trialId, int attempt, IReadOnlyDictionary<string, double> metrics, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? artifacts = null, string? token = null)
    {
        if (!IsCurrent(trialId, attempt, token)) return SearchDecision.None(this);
        var metric = RequiredSpec.Objective.Metric;
        var objective = metrics.TryGetValue(metric, out var final) ? final : LastObjective(Trial(trialId)!);
        ISearchEvent ended = objective switch
        {
            null => new TrialFailed(trialId, FailureKind.Exception, $"the workload never reported the objective metric '{metric}'", now),
            { } v when !double.IsFinite(v) => new TrialFailed(trialId, FailureKind.NonFiniteLoss, $"objective '{metric}' is {v}", now),
            _ => new TrialCompleted(trialId, metrics, now) { Artifacts = artifacts, Attempt = attempt },
        };
        return Emit([ended], s => s.DecideFinishIfDone(now));
    }

    /// <summary>The current attempt failed. Crashes are retried up to the spec's limit; other failures end the trial.</summary>
    public SearchDecision DecideFailed(string trialId, int attempt, FailureKind kind, string reason, DateTimeOffset now, string? token = null)
    {
        if (!IsCurrent(trialId, attempt, token)) return SearchDecision.None(this);
        var trial = Trial(trialId)!;
        var transient = kind is FailureKind.Crash or FailureKind.Lost;
        ISearchEvent ended = transient && trial.Attempts - trial.Exploits <= RequiredSpec.Trial.Retries
            ? new TrialRequeued(trialId, $"attempt {attempt}: {reason}") { At = now }
            : new TrialFailed(trialId, kind, reason, now);
        return Emit([ended], s => s.DecideFinishIfDone(now));
    }

    /// <summary>
    /// An attempt that never ran: the worker refused the held slot the search sent it to (the hold had ended). The trial
    /// waits for another slot whatever its retries, as a trial whose coordinator restarted does.
    /// </summary>
    public SearchDecision DecideUnstarted(string trialId, int attempt, string reason, DateTimeOffset now, string? token = null) =>
        IsCurrent(trialId, attempt, token)
            ? Emit([new TrialRequeued(trialId, $"attempt {attempt} did not start: {reason}") { At = now }], s => s.DecideFinishIfDone(now))
            : SearchDecision.None(this);

    /// <summary>
    /// After recovery: attempts that were running when the coordinator went down are run again (not counted as retries).
    /// Clients of an external search outlive the coordinator, so their attempts keep running under fresh leases.
    /// </summary>
    public SearchDecision DecideRecovered(DateTimeOffset now)
    {
        if (Status != SearchStatus.Running) return SearchDecision.None(this);
        var lost = (IsExternal ? Enumerable.Empty<TrialState>() : RunningTrials)
            .Select(t => (ISearchEvent)new TrialRequeued(t.Id, $"attempt {t.Attempts} was running when the coordinator stopped") { At = now });
        return Emit([.. lost], s => s.DecideFinishIfDone(now));
    }

    public SearchDecision DecideCancel(string reason, DateTimeOffset now)
    {
        if (Status != SearchStatus.Running) return SearchDecision.None(this);
        var stopped = Trials.Where(t => t.IsActive).Select(t => (ISearchEvent)new TrialStopped(t.Id, reason, now) { By = StopKind.Cancel });
        return Emit([.. stopped, new SearchCancelled(reason, now)]);
    }

    /// <summary>A user stops one trial of a running search; a trial that already ended stays as it is.</summary>
    public SearchDecision DecideStopTrial(string trialId, string reason, DateTimeOffset now) =>
        Status == SearchStatus.Running && Trial(trialId) is { IsActive: true }
            ? Emit([new TrialStopped(trialId, reason, now) { By = StopKind.User }], s => s.DecideFinishIfDone(now))
            : SearchDecision.None(this);

    public SearchDecision DecideResume(DateTimeOffset now) =>
        Status == SearchStatus.Cancelled ? Emit([new SearchResumed(now)], s => s.DecideFinishIfDone(now)) : DecideFinishIfDone(now);

    /// <summary>Finishes the search when nothing runs or waits and no new trial may start (budget, wall time, searcher exhausted).</summary>
    public SearchDecision DecideFinishIfDone(DateTimeOffset now)
    {
        if (Status != SearchStatus.Running || Running > 0 || Waiting > 0 || CanSuggest(now)) return SearchDecision.None(this);
        var reason = SearcherExhausted ? "the searcher has nothing more to propose"
            : Trials.Count >= RequiredSpec.Budget.MaxTrials ? $"all {RequiredSpec.Budget.MaxTrials} trials ran"
            : "the wall-time budget is used";
        return Emit([new SearchFinished(reason, now)]);
    }

    // ---- events ----

    public SearchState Apply(ISearchEvent e) => Applied(e) with { Version = Version + 1 };

    private SearchState Applied(ISearchEvent e) => e switch
    {
        SearchSubmitted s => Submitted(s),
        TrialSuggested s => Suggested(s),
        TrialStarted s => Update(s.TrialId, t => t with
        {
            Phase = TrialPhase.Running, Attempts = s.Attempt, Node = s.Node, Device = s.Device, StartedAt = s.StartedAt, AttemptToken = s.Token,
            Curve = t.Curve.RemoveAll(r => r.Epoch > t.StartEpoch),
        }),
        TrialReported r => Reported(r),
        TrialStopped s => Ended(s.TrialId, TrialPhase.Stopped, s.StoppedAt, t => t with { Reason = s.Reason, Objective = LastObjective(t), StoppedBy = s.StoppedBy() }),
        TrialExploited x => Update(x.TrialId, t => t.AttemptEnded(AttemptEnd.Exploited, x.Reason, x.At) with
        {
            Phase = TrialPhase.Pending, Config = x.NewConfig, Reason = x.Reason, Node = null, Device = null,
            InitFrom = x.CloneFrom, StartEpoch = x.Epoch, Exploits = t.Exploits + 1,
        }),
        TrialCompleted c => Ended(c.TrialId, TrialPhase.Completed, c.CompletedAt, t => t with
        {
            FinalMetrics = c.Metrics,
            Artifacts = c.Artifacts,
            Objective = c.Metrics.TryGetValue(RequiredSpec.Objective.Metric, out var v) ? v : LastObjective(t),
        }),
        TrialFailed f => Ended(f.TrialId, TrialPhase.Failed, f.FailedAt, t => t with { Failure = f.Kind, Reason = f.Reason }),
        TrialRequeued r => Update(r.TrialId, t => t.AttemptEnded(AttemptEnd.Requeued, r.Reason, r.At) with { Phase = TrialPhase.Pending, Reason = r.Reason, Node = null, Device = null }),
        SuggestionsExhausted => this with { SearcherExhausted = true },
        SearchFinished f => this with { Status = SearchStatus.Finished, EndedAt = f.FinishedAt, EndReason = f.Reason },
        SearchCancelled c => this with { Status = SearchStatus.Cancelled, EndedAt = c.CancelledAt, EndReason = c.Reason },
        SearchResumed => this with { Status = SearchStatus.Running, EndedAt = null, EndReason = null },
        _ => throw new ArgumentException($"unknown search event {e.GetType().Name}", nameof(e)),
    };

    public static string TrialIdFor(int number) => $"t{number:D4}";

    private SearchState Submitted(SearchSubmitted s)
    {
        var defaultSearcher = s.DefaultSearcher ?? SpecParser.FormerDefaultSearcher;
        var spec = SpecParser.ParseAccepted(s.SpecText, Catalog, defaultSearcher);
        return this with
        {
            Status = SearchStatus.Running, Spec = spec, SubmittedAt = s.SubmittedAt, Algorithms = new SearchAlgorithms(spec, Catalog), TraceParent = s.TraceParent,
            DefaultSearcher = defaultSearcher,
        };
    }

    private SearchState Suggested(TrialSuggested s)
    {
        Algorithms!.TakeSuggestion(s.TrialId, s.Config);
        var seed = DeterministicRandom.Derive(RequiredSpec.Seed, s.TrialId).NextUInt64();
        var trial = TrialState.Suggested(s.TrialId, Trials.Count + 1, s.Config, seed) with { ChangedAt = Version + 1 };
        return this with { Trials = Trials.Add(trial), Index = Index.Added(trial, Trials.Count) };
    }

    private SearchState Reported(TrialReported r)
    {
        if (r.Report.Metrics.TryGetValue(RequiredSpec.Objective.Metric, out var objective) && double.IsFinite(objective))
            Algorithms!.TakeReport(r.TrialId, new TrialReport(r.Report.Epoch, objective, r.Report.Metrics));
        return Update(r.TrialId, t => t with { Curve = t.Curve.Add(r.Report) });
    }

    private SearchState Ended(string trialId, TrialPhase phase, DateTimeOffset at, Func<TrialState, TrialState> change)
    {
        var next = Update(trialId, t => change(t) with { Phase = phase, EndedAt = at });
        var trial = next.Trial(trialId)!;
        if (phase == TrialPhase.Completed) next = next.WithBestOf(Index.Positions[trialId]);
        var outcome = phase switch
        {
            TrialPhase.Completed => TrialOutcome.Completed(trial.Objective!.Value, trial.Epochs),
            TrialPhase.Stopped when trial.Objective is { } v => TrialOutcome.Stopped(v, trial.Epochs),
            _ => TrialOutcome.Failed(trial.Epochs),
        };
        Algorithms!.TrialEnded(trialId, outcome);
        return next;
    }

    private SearchState Update(string trialId, Func<TrialState, TrialState> change)
    {
        if (!Index.Positions.TryGetValue(trialId, out var index)) throw new InvalidOperationException($"search '{SearchId}' has no trial '{trialId}'");
        var before = Trials[index];
        var after = change(before) with { ChangedAt = Version + 1 };
        return this with { Trials = Trials.SetItem(index, after), Index = Index.Changed(index, before.Phase, after.Phase) };
    }

    /// <summary>This state with the trial at <paramref name="position"/> as the best if it beats the current best.</summary>
    private SearchState WithBestOf(int position)
    {
        if (Trials[position] is not { Phase: TrialPhase.Completed, Objective: { } objective }) return this;
        if (BestAt >= 0)
        {
            var best = Trials[BestAt].Objective!.Value;
            var better = RequiredSpec.Objective.IsBetter(objective, best) || (!RequiredSpec.Objective.IsBetter(best, objective) && position < BestAt);
            if (!better) return this;
        }
        return this with { BestAt = position };
    }

    private double? LastObjective(TrialState trial)
    {
        var metric = RequiredSpec.Objective.Metric;
        for (var i = trial.Curve.Count - 1; i >= 0; i--)
            if (trial.Curve[i].Metrics.TryGetValue(metric, out var v)) return v;
        return null;
    }

    /// <summary>
    /// Whether a message about the attempt speaks for the one running now. A token must be the journaled one: a start
    /// sent before its write, whose coordinator died first, is not known here even when this search started the same
    /// trial and attempt number since. A message without a token (an older node's, or a lost-attempt answer to this
    /// search's own list) speaks for whichever attempt of that number runs.
    /// </summary>
    private bool IsCurrent(string trialId, int attempt, string? token = null) =>
        Status == SearchStatus.Running && Trial(trialId) is { Phase: TrialPhase.Running } t && t.Attempts == attempt
        && (token is null || token == t.AttemptToken);

    /// <summary>Whether a message with <paramref name="token"/> is about an attempt this search never journaled, or no longer runs: one to stop.</summary>
    public bool IsStale(string trialId, int attempt, string? token) => token is not null && !IsCurrent(trialId, attempt, token);

    private SearchDecision Emit(IReadOnlyList<ISearchEvent> events, Func<SearchState, SearchDecision>? then = null)
    {
        var state = events.Aggregate(this, (s, e) => s.Apply(e));
        if (then is null) return new SearchDecision(events, state);
        var more = then(state);
        return new SearchDecision([.. events, .. more.Events], more.State);
    }
}
