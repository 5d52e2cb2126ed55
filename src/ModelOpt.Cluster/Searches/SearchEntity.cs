using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches.External;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// The persistent, sharded actor of one search. It only wires <see cref="SearchState"/> to the world: recovery applies
/// the latest snapshot and the journal after it; a command is decided into events, which are persisted, then acted on
/// (start a trial on the granted slot, stop a runner, tell the index, reply), and the slot demand is brought up to date.
/// Events are persisted asynchronously: the next command is decided on the new state at once, so writes of many
/// commands share one journal round trip, and nothing leaves the actor (stop, reply, acknowledgement) before the events
/// it depends on are journaled. Two things go out at once: the slot demand, which promises nothing, and (with
/// <c>startBeforeStored</c>) a trial's start, so the attempt runs while its start is being stored. A coordinator that
/// dies before that write leaves the attempt an orphan its successor does not know; the attempt's token (journaled with
/// its start, carried by every message about it) keeps its result and reports out even when the successor starts the
/// same trial and attempt number, and a report from it stops it. Without the switch a start waits for its write.
/// A result that arrives with its slot (<see cref="HeldSlot"/>) is journaled together with the next trial's start, which
/// goes to that slot's worker directly; with nothing to start, the slot goes back to the dispatcher at once.
/// </summary>
public sealed class SearchEntity : ReceivePersistentActor, IWithTimers
{
    private sealed record Tick;

    private sealed record Recovered;

    /// <summary>Hands parked asks the trials that have become available.</summary>
    private sealed record ServeAsks;

    /// <summary>An ask waiting for a trial to become available, answered <see cref="AskReplyKind.Wait"/> at <paramref name="Until"/>.</summary>
    private sealed record ParkedAsk(IActorRef Sender, AskTrial Ask, DateTimeOffset Until);

    /// <summary>The longest an ask waits in the entity for a trial (the endpoint's ask timeout is longer).</summary>
    public static readonly TimeSpan MaxAskWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan IdleAfterEnd = TimeSpan.FromSeconds(60);

    /// <summary>Attempts started more recently than this are left out of <see cref="CheckRunningAttempts"/>.</summary>
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(10);

    /// <summary>Ticks between <see cref="CheckRunningAttempts"/> messages to the dispatcher.</summary>
    private const int CheckEveryTicks = 5;

    public const int DefaultSnapshotEvery = 1000;

    private readonly SearchCatalog _catalog;
    private readonly IActorRef _dispatcher;
    private readonly IActorRef _index;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SearchTelemetry _telemetry;
    private readonly int _snapshotEvery;
    private readonly bool _startBeforeStored;
    private int _eventsSinceSnapshot;
    private SearchState _state;
    private long _grantsSeen;

    /// <summary>
    /// This run of the entity: grants are counted from zero in each (see <see cref="SlotDemand.Incarnation"/>), and it is
    /// the token of every attempt it starts (see <see cref="TrialAssignment.Token"/>): a later run never reuses it.
    /// </summary>
    private readonly string _incarnation = Guid.NewGuid().ToString("N");
    private long _lastDemand = -1;
    private int _lastWanted = -1;
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _fromSnapshot;
    private ExternalLeases? _leases;
    private readonly Queue<ParkedAsk> _parkedAsks = new();
    private bool _serveQueued;
    private long _ticks;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The id the search's events and snapshots are journaled under.</summary>
    public static string PersistenceIdOf(string searchId) => $"search-{searchId}";

    /// <param name="catalog">The kinds the search's spec is read and its algorithms built with.</param>
    /// <param name="snapshotEvery">Events between snapshots (0: never).</param>
    /// <param name="startBeforeStored">Send a trial's start while its journal write is in flight rather than after it.</param>
    public SearchEntity(string searchId, SearchCatalog catalog, IActorRef dispatcher, IActorRef index, int snapshotEvery, bool startBeforeStored)
    {
        _catalog = catalog;
        _dispatcher = dispatcher;
        _index = index;
        _snapshotEvery = snapshotEvery;
        _startBeforeStored = startBeforeStored;
        _state = SearchState.Empty(searchId, catalog);
        _telemetry = new SearchTelemetry(searchId);
        PersistenceId = PersistenceIdOf(searchId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is not SearchStateSnapshot snapshot) return;
            _state = SearchState.FromSnapshot(snapshot, _catalog);
            _fromSnapshot = true;
        });
        Recover<ISearchEvent>(e =>
        {
            _state = _state.Apply(e);
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _telemetry.Recovered(_state, _startedAt, _fromSnapshot);
            Self.Tell(new Recovered());
        });

        Command<Recovered>(_ =>
        {
            Handle(_state.DecideRecovered(Now), "recovered");
            LeaseRecoveredTrials();
        });
        Command<SubmitSearch>(Submit);
        Command<GetSearch>(_ => ReplyView(View));
        Command<GetSearchPage>(g => ReplyView(state => new SearchPageView(SearchViews.Page(state, g.Query))));
        Command<GetSearchSpec>(_ => Sender.Tell(new SearchSpecText(_state.SearchId, _state.Spec?.Source)));
        Command<CancelSearch>(c =>
        {
            var sender = Sender;
            Handle(_state.DecideCancel(c.Reason, Now), "cancel", state => sender.Tell(View(state)));
        });
        Command<ResumeSearch>(_ =>
        {
            var sender = Sender;
            Handle(_state.DecideResume(Now), "resume", state => sender.Tell(View(state)));
        });
        Command<StopTrialByUser>(s =>
        {
            var sender = Sender;
            Handle(_state.DecideStopTrial(s.TrialId, SearchState.StoppedByUserReason, Now), "stop trial", state => sender.Tell(View(state)));
        });
        Command<SlotGranted>(Granted);
        Command<TrialEpoch>(Reported);
        Command<TrialSucceeded>(s => Ended(ReportedThen(s.TrialId, s.Attempt, s.Token, s.LastReport, state => state.DecideCompleted(s.TrialId, s.Attempt, s.Metrics, Now, s.Artifacts, s.Token)),
            s.Held, new AttemptRef(s.TrialId, s.Attempt), "completed"));
        Command<TrialAttemptFailed>(f => Ended(ReportedThen(f.TrialId, f.Attempt, f.Token, f.LastReport, state => state.DecideFailed(f.TrialId, f.Attempt, f.Kind, f.Reason, Now, f.Token)),
            f.Held, new AttemptRef(f.TrialId, f.Attempt), "failed"));
        Command<HeldStartRefused>(r => Handle(_state.DecideUnstarted(r.TrialId, r.Attempt, r.Reason, Now, r.Token), "held start refused"));
        Command<AskTrial>(Ask);
        Command<ServeAsks>(_ =>
        {
            _serveQueued = false;
            ServeParkedAsks();
        });
        Command<ReportExternalTrial>(r =>
        {
            var (decision, verdict) = _state.DecideExternalReport(r.TrialId, r.Attempt, r.Report, Now);
            AnswerExternal(decision, verdict, "external report");
        });
        Command<HeartbeatExternalTrial>(h => AnswerExternal(SearchDecision.None(_state), _state.ExternalVerdictOf(h.TrialId, h.Attempt), "heartbeat"));
        Command<TellExternalTrial>(t =>
        {
            var (decision, verdict) = _state.DecideTell(t.TrialId, t.Attempt, t.Metrics, t.Failure, Now);
            AnswerExternal(decision, verdict, "tell");
        });
        Command<Tick>(_ =>
        {
            _lastDemand = -1;
            Handle(_state.DecideFinishIfDone(Now), "tick");
            ExpireLeases();
            ExpireParkedAsks();
            ServeParkedAsks();
            if (++_ticks % CheckEveryTicks == 0) CheckRunningAttempts();
        });
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<SaveSnapshotSuccess>(s =>
        {
            _snapshotSavesInFlight--;
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            if (_cleaning is { Delete: false } archiving && s.Metadata.SequenceNr >= archiving.Events) DeleteMessages(s.Metadata.SequenceNr);
            DeleteOnceNoSnapshotIsBeingSaved();
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _snapshotSavesInFlight--;
            _log.Warning("Search {0}: snapshot failed ({1}); recovery replays more events", _state.SearchId, f.Cause.Message);
            if (_cleaning is { Delete: false } archiving && f.Metadata.SequenceNr >= archiving.Events) CleaningFailed(f.Cause);
            DeleteOnceNoSnapshotIsBeingSaved();
        });
        // Only the delete's own selection (every snapshot) is a cleaning step; the routine pruning after a save is not.
        Command<DeleteSnapshotsSuccess>(d =>
        {
            if (d.Criteria.MaxSequenceNr == long.MaxValue) CleaningStep(snapshots: true);
        });
        Command<DeleteSnapshotsFailure>(f =>
        {
            _log.Warning("Search {0}: old snapshots not deleted ({1})", _state.SearchId, f.Cause.Message);
            if (f.Criteria.MaxSequenceNr == long.MaxValue) CleaningFailed(f.Cause);
        });
        Command<DeleteMessagesSuccess>(d => CleaningStep(events: true));
        Command<DeleteMessagesFailure>(f => CleaningFailed(f.Cause));
        Command<ArchiveSearch>(_ => Clean(delete: false));
        Command<DeleteSearch>(_ => Clean(delete: true));
    }

    public override string PersistenceId { get; }

    public static Props Props(string searchId, SearchCatalog catalog, IActorRef dispatcher, IActorRef index, int snapshotEvery = DefaultSnapshotEvery,
        bool startBeforeStored = true) =>
        Akka.Actor.Props.Create(() => new SearchEntity(searchId, catalog, dispatcher, index, snapshotEvery, startBeforeStored));

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override void PostStop()
    {
        _telemetry.Stopped();
        base.PostStop();
    }

    private void Submit(SubmitSearch submit)
    {
        if (_state.Status != SearchStatus.Empty)
        {
            var same = _state.Spec?.Source == submit.SpecText;
            Reply(new SubmitResult(submit.SearchId, same, same ? [] : [$"search id '{submit.SearchId}' is already taken"]));
            return;
        }
        SearchDecision decision;
        using var span = SearchTelemetry.StartSearchSpan(submit.SearchId);
        try
        {
            decision = _state.DecideSubmit(submit.SpecText, Now, ModelOptTelemetry.TraceParentOf(span));
            SearchTelemetry.Describe(span, decision.State);
        }
        catch (SpecException e)
        {
            SearchTelemetry.Describe(span, _state, e.Message);
            Sender.Tell(new SubmitResult(submit.SearchId, false, [.. e.Errors.Select(x => x.ToString())]));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        var sender = Sender;
        Handle(decision, "submit", state =>
        {
            _index.Tell(new SearchIndex.Register(state.SearchId, state.RequiredSpec.Name, state.SubmittedAt));
            sender.Tell(new SubmitResult(submit.SearchId, true, []));
        });
    }

    private void Granted(SlotGranted grant)
    {
        _grantsSeen++;
        var (decision, trial) = _state.DecideSlot(grant.Slot.Node, grant.Slot.Device, Now, _incarnation);
        if (trial is null)
        {
            _dispatcher.Tell(new ReleaseSlot(_state.SearchId, grant.Slot));
            Handle(decision, "slot");
            return;
        }
        var traceParent = _telemetry.TrialPlaced(_state, trial, grant.Slot);
        Start(decision, "slot", state => _dispatcher.Tell(new StartTrial(grant.Slot, Assignment(state, trial, traceParent))));
    }

    /// <summary>Journals a decision that starts a trial; the start goes out at once or once it is stored (<see cref="_startBeforeStored"/>).</summary>
    private void Start(SearchDecision decision, string what, Action<SearchState> start)
    {
        if (!_startBeforeStored)
        {
            Handle(decision, what, start);
            return;
        }
        Handle(decision, what);
        start(decision.State);
    }

    /// <summary>An epoch report; one from an attempt this search does not run (an orphan, or one already ended) stops that attempt.</summary>
    private void Reported(TrialEpoch e)
    {
        if (_state.IsStale(e.TrialId, e.Attempt, e.Token))
        {
            _dispatcher.Tell(new StopTrial(_state.SearchId, e.TrialId, e.Attempt, "this search does not run this attempt (its start was never journaled, or it ended)") { Token = e.Token });
            return;
        }
        Handle(_state.DecideReport(e.TrialId, e.Attempt, e.Report, Now, e.Token), "report");
    }

    /// <summary>What a worker needs to run the trial's current attempt.</summary>
    private static TrialAssignment Assignment(SearchState state, TrialState trial, string? traceParent) =>
        new(state.SearchId, trial.Id, trial.Attempts, state.RequiredSpec.Source, trial.Config, trial.Seed, trial.InitFrom, trial.StartEpoch)
        {
            TraceParent = traceParent,
            Token = trial.AttemptToken,
        };

    /// <summary>The attempt's last report, when it came with the outcome, decided before it: both go in one write.</summary>
    private SearchDecision ReportedThen(string trialId, int attempt, string? token, EpochReport? last, Func<SearchState, SearchDecision> outcome)
    {
        if (last is null) return outcome(_state);
        var reported = _state.DecideReport(trialId, attempt, last, Now, token);
        var ended = outcome(reported.State);
        return new SearchDecision([.. reported.Events, .. ended.Events], ended.State);
    }

    /// <summary>
    /// An attempt's outcome. When its worker kept the slot for this search, the next trial's start is decided now, on the
    /// state after the outcome, and journaled in the same write; the start goes to that worker directly (see
    /// <see cref="Start"/>). With nothing to start the slot goes back at once.
    /// </summary>
    private void Ended(SearchDecision outcome, HeldSlot? held, AttemptRef ended, string what)
    {
        if (held is null)
        {
            Handle(outcome, what);
            return;
        }
        var (next, trial) = outcome.State.DecideSlot(held.Slot.Node, held.Slot.Device, Now, _incarnation);
        var both = new SearchDecision([.. outcome.Events, .. next.Events], next.State);
        if (trial is null)
        {
            held.Worker.Tell(new ReleaseHeldSlot(held.Slot.Device, _state.SearchId, ended));
            Handle(both, what);
            return;
        }
        var traceParent = _telemetry.TrialPlaced(next.State, trial, held.Slot);
        Start(both, what, state => held.Worker.Tell(new RunHeldTrial(held.Slot.Device, ended, Assignment(state, trial, traceParent))));
    }

    /// <summary>
    /// Adopts the decided state and journals its events without waiting; once they (and every event before them) are
    /// stored it acts on them and calls <paramref name="afterPersist"/> with the decided state, never a later one that
    /// is not yet journaled. With no events pending at all that happens at once.
    /// </summary>
    private void Handle(SearchDecision decision, string what, Action<SearchState>? afterPersist = null)
    {
        var before = _state;
        var after = _state = decision.State;
        // Not deferred: the grant for a slot a result freed then travels while the result is being stored.
        TellDemand();
        var snapshot = SnapshotDue(decision.Events.Count) ? after.ToSnapshot() : null;
        var handedAt = decision.Events.Count > 0 ? Stopwatch.GetTimestamp() : 0;
        if (decision.Events.Count > 0) PersistAllAsync(decision.Events, _ => { });
        DeferAsync(what, _ =>
        {
            if (handedAt != 0) SearchTelemetry.Journaled(handedAt);
            foreach (var e in decision.Events) ActOn(e, before, after);
            afterPersist?.Invoke(after);
            KeepAliveWhileRunning();
            // Only a change can free a trial for a parked ask; asking again on every answer would spin.
            if (decision.Events.Count > 0 && _parkedAsks.Count > 0 && !_serveQueued)
            {
                _serveQueued = true;
                Self.Tell(new ServeAsks());
            }
            if (snapshot is not null) SaveSnapshotCounted(snapshot);
        });
    }

    /// <summary>
    /// Counts journaled events; true when a snapshot is due (taken as the decision is made, saved once it is journaled).
    /// A snapshot holds every trial, so the interval grows with the trial count: a large search then snapshots less
    /// often and its snapshots cost O(1) per event, while recovery still replays no more events than the snapshot holds trials.
    /// </summary>
    private bool SnapshotDue(int events)
    {
        _eventsSinceSnapshot += events;
        if (_snapshotEvery <= 0 || _eventsSinceSnapshot < Math.Max(_snapshotEvery, _state.Trials.Count)) return false;
        _eventsSinceSnapshot = 0;
        return true;
    }

    /// <summary>Answers the sender once everything decided so far is journaled, so no reply shows an unjournaled event.</summary>
    private void Reply(object message)
    {
        var sender = Sender;
        DeferAsync(message, m => sender.Tell(m));
    }

    private void ActOn(ISearchEvent e, SearchState before, SearchState after)
    {
        _telemetry.Record(e, after);
        if (after.IsExternal && e is TrialStopped or TrialFailed or TrialExploited) return; // its client learns at its next report or heartbeat
        switch (e)
        {
            case TrialStopped s when before.Trial(s.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(after.SearchId, s.TrialId, t.Attempts, s.Reason) { Token = t.AttemptToken });
                break;
            case TrialFailed f when before.Trial(f.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(after.SearchId, f.TrialId, t.Attempts, f.Reason) { Token = t.AttemptToken });
                break;
            case TrialExploited x when before.Trial(x.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(after.SearchId, x.TrialId, t.Attempts, x.Reason) { Token = t.AttemptToken });
                break;
            case SearchFinished or SearchCancelled or SearchResumed:
                _index.Tell(new SearchIndex.StatusChanged(after.SearchId, after.Status) { EndedAt = after.EndedAt });
                _log.Info("Search {0} is {1}: {2}", after.SearchId, after.Status, after.EndReason ?? "resumed");
                break;
        }
    }

    /// <summary>Keeps the dispatcher's view of this search's demand current.</summary>
    private void TellDemand()
    {
        if (_state.Status == SearchStatus.Empty) return;
        var wanted = _state.SlotsWanted(Now);
        _telemetry.SlotsWanted(wanted);
        // The dispatcher's open demand is wanted + grants seen - grants sent: a grant that started a trial (one fewer
        // wanted, one more seen) leaves it as it was, so it costs no message. Wanting nothing any more is always told
        // (the dispatcher forgets a search that wants and holds nothing), and the tick re-sends the demand every second.
        var demand = wanted + _grantsSeen;
        if (demand != _lastDemand || (wanted == 0) != (_lastWanted == 0))
        {
            var budget = _state.RequiredSpec.Budget;
            _dispatcher.Tell(new SlotDemand(_state.SearchId, wanted, _grantsSeen)
            {
                Priority = budget.Priority, Share = budget.Share, Incarnation = _incarnation,
            });
            _lastDemand = demand;
            _lastWanted = wanted;
        }
    }

    /// <summary>Ticks and keeps the entity alive while the search runs; lets it passivate a while after it ended.</summary>
    private void KeepAliveWhileRunning()
    {
        if (_state.Status == SearchStatus.Empty) return;
        if (_state.Status == SearchStatus.Running)
        {
            if (!Timers.IsTimerActive("tick")) Timers.StartPeriodicTimer("tick", new Tick(), TickInterval);
            SetReceiveTimeout(null);
        }
        else
        {
            Timers.Cancel("tick");
            SetReceiveTimeout(IdleAfterEnd);
        }
    }

    /// <summary>An archive or delete under way: who asked, and which of its journal and snapshot steps are done.</summary>
    private sealed record Cleaning(IActorRef ReplyTo, bool Delete, long Events)
    {
        public bool EventsDone { get; init; }
        public bool SnapshotsDone { get; init; }
        public bool DeletesSent { get; init; }
    }

    private Cleaning? _cleaning;

    /// <summary>Snapshot saves sent and not yet answered: a delete waits for them, or one could land after it.</summary>
    private int _snapshotSavesInFlight;

    private void SaveSnapshotCounted(SearchStateSnapshot snapshot)
    {
        _snapshotSavesInFlight++;
        SaveSnapshot(snapshot);
    }

    /// <summary>
    /// A delete's journal and snapshot deletes, sent once no snapshot save is in flight: the store does not order a save
    /// before a later delete, and a snapshot stored after the delete would bring the search back.
    /// </summary>
    private void DeleteOnceNoSnapshotIsBeingSaved()
    {
        if (_cleaning is not { Delete: true, DeletesSent: false } deleting || _snapshotSavesInFlight > 0) return;
        _cleaning = deleting with { DeletesSent = true };
        DeleteMessages(deleting.Events);
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
    }

    /// <summary>
    /// Archives (one snapshot, the events before it deleted) or deletes (events and snapshots, then the listing) an
    /// ended search, once everything decided before is journaled. A running search is refused: stop it first.
    /// </summary>
    private void Clean(bool delete)
    {
        var action = delete ? SearchCleaned.Deleted : SearchCleaned.Archived;
        var refusal = _state.Status switch
        {
            SearchStatus.Empty => SearchCleaned.NoSuchSearch,
            SearchStatus.Running => "the search is running; stop it first (mopt search stop)",
            _ when _cleaning is not null => "the search is being archived or deleted already",
            _ => null,
        };
        if (refusal is not null)
        {
            Sender.Tell(new SearchCleaned(_state.SearchId, action, 0, refusal));
            if (_state.Status == SearchStatus.Empty) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        var replyTo = Sender;
        var snapshot = delete ? null : _state.ToSnapshot();
        DeferAsync(action, _ =>
        {
            _cleaning = new Cleaning(replyTo, delete, LastSequenceNr);
            _log.Info("Search {0}: {1} ({2} journal events)", _state.SearchId, delete ? "deleting" : "archiving", LastSequenceNr);
            if (snapshot is not null)
            {
                // The snapshot's success deletes the events before it (see SaveSnapshotSuccess).
                SaveSnapshotCounted(snapshot);
                return;
            }
            DeleteOnceNoSnapshotIsBeingSaved();
        });
    }

    private void CleaningStep(bool events = false, bool snapshots = false)
    {
        if (_cleaning is not { } cleaning) return;
        _cleaning = cleaning = cleaning with { EventsDone = cleaning.EventsDone || events, SnapshotsDone = cleaning.SnapshotsDone || snapshots };
        if (!cleaning.EventsDone || (cleaning.Delete && !cleaning.SnapshotsDone)) return;
        _cleaning = null;
        var searchId = _state.SearchId;
        if (cleaning.Delete)
        {
            _index.Tell(new SearchIndex.Removed(searchId));
            _state = SearchState.Empty(searchId, _catalog);
            Timers.Cancel("tick");
            // Passivating also drops the search from sharding's remembered entities.
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
        else _index.Tell(new SearchIndex.Archived(searchId));
        cleaning.ReplyTo.Tell(new SearchCleaned(searchId, cleaning.Delete ? SearchCleaned.Deleted : SearchCleaned.Archived, cleaning.Events));
    }

    private void CleaningFailed(Exception cause)
    {
        if (_cleaning is not { } cleaning) return;
        _cleaning = null;
        _log.Warning("Search {0}: {1} failed: {2}", _state.SearchId, cleaning.Delete ? "delete" : "archive", cause.Message);
        cleaning.ReplyTo.Tell(new Status.Failure(cause));
    }

    private void Ask(AskTrial ask)
    {
        if (_state.Status == SearchStatus.Empty)
        {
            Sender.Tell(new AskReply(ask.SearchId, AskReplyKind.Unknown, $"no search '{ask.SearchId}'"));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        if (!_state.IsExternal)
        {
            Reply(new AskReply(ask.SearchId, AskReplyKind.Refused, _state.ExternalVerdictOf("", 0).Reason));
            return;
        }
        if (ask.RequestId is { } requestId && Leases.HandedOut(ask.Client, requestId) is var (trialId, attempt)
            && _state.Trial(trialId) is { Phase: TrialPhase.Running } held && held.Attempts == attempt)
        {
            Leases.Renew(trialId, attempt, Now);
            Reply(HandedOut(_state, held));
            return;
        }
        var until = Now + (ask.Wait < MaxAskWait ? ask.Wait : MaxAskWait);
        if (_parkedAsks.Count > 0 || !TryServe(Sender, ask)) Park(new ParkedAsk(Sender, ask, until));
    }

    /// <summary>Hands the asker a trial if there is one to hand out now; answers at once when the search has ended. False: park or answer wait.</summary>
    private bool TryServe(IActorRef sender, AskTrial ask)
    {
        if (_state.Status != SearchStatus.Running)
        {
            DeferAsync(_state, state => sender.Tell(Ended(state)));
            return true;
        }
        var now = Now;
        var (decision, trial) = _state.DecideAsk(ask.Client, now);
        if (trial is null)
        {
            Handle(decision, "ask");
            if (_state.Status == SearchStatus.Running) return false;
            DeferAsync(_state, state => sender.Tell(Ended(state)));
            return true;
        }
        Leases.Grant(trial.Id, trial.Attempts, ask.Client, ask.RequestId, now);
        _telemetry.TrialPlaced(_state, trial, new SlotId(ask.Client, SearchState.ExternalDevice));
        Handle(decision, "ask", state => sender.Tell(HandedOut(state, state.Trial(trial.Id)!)));
        return true;
    }

    private void Park(ParkedAsk parked)
    {
        if (parked.Until <= Now)
        {
            var sender = parked.Sender;
            DeferAsync(_state, state => sender.Tell(Waiting(state)));
            return;
        }
        _parkedAsks.Enqueue(parked);
    }

    /// <summary>Parked asks get trials in the order they came, as long as there are trials to hand out.</summary>
    private void ServeParkedAsks()
    {
        while (_parkedAsks.TryPeek(out var parked) && TryServe(parked.Sender, parked.Ask)) _parkedAsks.Dequeue();
    }

    private void ExpireParkedAsks()
    {
        var now = Now;
        var count = _parkedAsks.Count;
        for (var i = 0; i < count; i++)
        {
            var parked = _parkedAsks.Dequeue();
            if (parked.Until > now) _parkedAsks.Enqueue(parked);
            else parked.Sender.Tell(Waiting(_state));
        }
    }

    /// <summary>Attempts whose client went silent past its lease (or ran past the trial timeout) fail as lost, like a lost worker's.</summary>
    private void ExpireLeases()
    {
        if (_leases is null) return;
        _leases.Prune((trialId, attempt) => _state.Trial(trialId) is { Phase: TrialPhase.Running } t && t.Attempts == attempt);
        foreach (var (trialId, attempt, kind, reason) in _leases.Expire(Now))
        {
            _log.Warning("Search {0}: trial {1} attempt {2}: {3}", _state.SearchId, trialId, attempt, reason);
            Handle(_state.DecideFailed(trialId, attempt, kind, reason, Now), "lease expired");
        }
    }

    /// <summary>After a restart, clients that were running trials keep them under fresh leases (they cannot know the coordinator moved).</summary>
    private void LeaseRecoveredTrials()
    {
        if (!_state.IsExternal) return;
        var now = Now;
        foreach (var trial in _state.RunningTrials)
            Leases.Grant(trial.Id, trial.Attempts, trial.Node ?? "client", null, now, trial.StartedAt);
    }

    /// <summary>Renews the lease of a live attempt, and answers once the decision is journaled.</summary>
    private void AnswerExternal(SearchDecision decision, ExternalVerdict verdict, string what)
    {
        if (verdict.Decision == VerdictKind.Continue) Leases.Renew(verdict.TrialId, verdict.Attempt, Now);
        var sender = Sender;
        if (_state.Status == SearchStatus.Empty)
        {
            sender.Tell(verdict);
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        Handle(decision, what, _ => sender.Tell(verdict));
    }

    private ExternalLeases Leases => _leases ??= new ExternalLeases(
        ExternalWorkload.Of(_state.RequiredSpec)?.Lease ?? ExternalWorkload.DefaultLease, _state.RequiredSpec.Trial.Timeout);

    private AskReply HandedOut(SearchState state, TrialState trial) => new(state.SearchId, AskReplyKind.Trial, null)
    {
        TrialId = trial.Id,
        Attempt = trial.Attempts,
        Number = trial.Number,
        Config = trial.Config,
        MaxEpochs = state.RequiredSpec.Budget.MaxEpochsPerTrial,
        LeaseSeconds = Leases.Duration.TotalSeconds,
    };

    private static AskReply Ended(SearchState state) =>
        new(state.SearchId, AskReplyKind.Ended, $"search '{state.SearchId}' is {state.Status.ToString().ToLowerInvariant()}: {state.EndReason}");

    private static AskReply Waiting(SearchState state) => new(state.SearchId, AskReplyKind.Wait,
        state.Running >= state.RequiredSpec.Budget.MaxConcurrent
            ? $"all {state.RequiredSpec.Budget.MaxConcurrent} trials of budget.maxConcurrent are out"
            : "no trial to hand out yet: the last ones run and may be requeued");

    /// <summary>
    /// Tells the dispatcher which attempts this search believes are running, so that one whose result or start was
    /// lost on the way is reported lost and runs again. Sent after everything decided so far is journaled: every listed
    /// attempt's start has then been sent to the dispatcher before this check.
    /// </summary>
    private void CheckRunningAttempts()
    {
        // An external search's attempts run in clients, not at the dispatcher: their leases tell whether they live.
        if (_state.Running == 0 || _state.IsExternal) return;
        // One started on a held slot reaches the dispatcher through its worker (SlotReused), maybe after this check.
        var startedBefore = Now - StartGrace;
        var check = new CheckRunningAttempts(_state.SearchId,
            [.. _state.RunningTrials.Where(t => t.StartedAt is not { } at || at < startedBefore).Select(t => new AttemptRef(t.Id, t.Attempts))]);
        DeferAsync(check, c => _dispatcher.Tell(c));
    }

    private static SearchView View(SearchState state) => new(SearchViews.Of(state));

    /// <summary>Answers with a view of the state once everything decided so far is journaled; an unknown search answers empty and stops.</summary>
    private void ReplyView(Func<SearchState, IModelOptMessage> view)
    {
        if (_state.Status == SearchStatus.Empty)
        {
            Sender.Tell(view(_state));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            return;
        }
        var state = _state;
        var sender = Sender;
        DeferAsync(state, s => sender.Tell(view(s)));
    }
}
