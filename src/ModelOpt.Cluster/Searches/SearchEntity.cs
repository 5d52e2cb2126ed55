using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// The persistent, sharded actor of one search. It only wires <see cref="SearchState"/> to the world: recovery applies
/// the latest snapshot and the journal after it; a command is decided into events, which are persisted, then acted on
/// (start a trial on the granted slot, stop a runner, tell the index, reply), and the slot demand is brought up to date.
/// Events are persisted asynchronously: the next command is decided on the new state at once, so writes of many
/// commands share one journal round trip, but nothing leaves the actor (trial started, stop, reply) before the events it
/// depends on are journaled. A crash before that loses only decisions nobody has seen.
/// </summary>
public sealed class SearchEntity : ReceivePersistentActor, IWithTimers
{
    private sealed record Tick;

    private sealed record Recovered;

    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan IdleAfterEnd = TimeSpan.FromSeconds(60);

    public const int DefaultSnapshotEvery = 1000;

    private readonly IActorRef _dispatcher;
    private readonly IActorRef _index;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SearchTelemetry _telemetry;
    private readonly int _snapshotEvery;
    private int _eventsSinceSnapshot;
    private SearchState _state;
    private long _grantsSeen;
    private int _lastDemand = -1;
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _fromSnapshot;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The id the search's events and snapshots are journaled under.</summary>
    public static string PersistenceIdOf(string searchId) => $"search-{searchId}";

    /// <param name="snapshotEvery">Events between snapshots (0: never).</param>
    public SearchEntity(string searchId, IActorRef dispatcher, IActorRef index, int snapshotEvery)
    {
        _dispatcher = dispatcher;
        _index = index;
        _snapshotEvery = snapshotEvery;
        _state = SearchState.Empty(searchId);
        _telemetry = new SearchTelemetry(searchId);
        PersistenceId = PersistenceIdOf(searchId);

        Recover<SnapshotOffer>(o =>
        {
            if (o.Snapshot is not SearchStateSnapshot snapshot) return;
            _state = SearchState.FromSnapshot(snapshot);
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

        Command<Recovered>(_ => Handle(_state.DecideRecovered(Now), "recovered"));
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
        Command<TrialEpoch>(e => Handle(_state.DecideReport(e.TrialId, e.Attempt, e.Report, Now), "report"));
        Command<TrialSucceeded>(s => Handle(_state.DecideCompleted(s.TrialId, s.Attempt, s.Metrics, Now, s.Artifacts), "completed"));
        Command<TrialAttemptFailed>(f => Handle(_state.DecideFailed(f.TrialId, f.Attempt, f.Kind, f.Reason, Now), "failed"));
        Command<Tick>(_ =>
        {
            _lastDemand = -1;
            Handle(_state.DecideFinishIfDone(Now), "tick");
        });
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            if (_cleaning is { Delete: false } archiving && s.Metadata.SequenceNr >= archiving.Events) DeleteMessages(s.Metadata.SequenceNr);
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _log.Warning("Search {0}: snapshot failed ({1}); recovery replays more events", _state.SearchId, f.Cause.Message);
            CleaningFailed(f.Cause);
        });
        Command<DeleteSnapshotsSuccess>(_ => CleaningStep(snapshots: true));
        Command<DeleteSnapshotsFailure>(f =>
        {
            _log.Warning("Search {0}: old snapshots not deleted ({1})", _state.SearchId, f.Cause.Message);
            CleaningFailed(f.Cause);
        });
        Command<DeleteMessagesSuccess>(d => CleaningStep(events: true));
        Command<DeleteMessagesFailure>(f => CleaningFailed(f.Cause));
        Command<ArchiveSearch>(_ => Clean(delete: false));
        Command<DeleteSearch>(_ => Clean(delete: true));
    }

    public override string PersistenceId { get; }

    public static Props Props(string searchId, IActorRef dispatcher, IActorRef index, int snapshotEvery = DefaultSnapshotEvery) =>
        Akka.Actor.Props.Create(() => new SearchEntity(searchId, dispatcher, index, snapshotEvery));

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
        var (decision, trial) = _state.DecideSlot(grant.Slot.Node, grant.Slot.Device, Now);
        if (trial is null)
        {
            _dispatcher.Tell(new ReleaseSlot(_state.SearchId, grant.Slot));
            Handle(decision, "slot");
            return;
        }
        var traceParent = _telemetry.TrialPlaced(_state, trial, grant.Slot);
        Handle(decision, "slot", state => _dispatcher.Tell(new StartTrial(grant.Slot,
            new TrialAssignment(state.SearchId, trial.Id, trial.Attempts, state.RequiredSpec.Source, trial.Config, trial.Seed,
                trial.InitFrom, trial.StartEpoch) { TraceParent = traceParent })));
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
        var snapshot = SnapshotDue(decision.Events.Count) ? after.ToSnapshot() : null;
        if (decision.Events.Count > 0) PersistAllAsync(decision.Events, _ => { });
        DeferAsync(what, _ =>
        {
            foreach (var e in decision.Events) ActOn(e, before, after);
            afterPersist?.Invoke(after);
            AfterChange();
            if (snapshot is not null) SaveSnapshot(snapshot);
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
        switch (e)
        {
            case TrialStopped s when before.Trial(s.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(after.SearchId, s.TrialId, t.Attempts, s.Reason));
                break;
            case TrialFailed f when before.Trial(f.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(after.SearchId, f.TrialId, t.Attempts, f.Reason));
                break;
            case TrialExploited x when before.Trial(x.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(after.SearchId, x.TrialId, t.Attempts, x.Reason));
                break;
            case SearchFinished or SearchCancelled or SearchResumed:
                _index.Tell(new SearchIndex.StatusChanged(after.SearchId, after.Status) { EndedAt = after.EndedAt });
                _log.Info("Search {0} is {1}: {2}", after.SearchId, after.Status, after.EndReason ?? "resumed");
                break;
        }
    }

    /// <summary>Keeps the dispatcher's view of this search's demand current, and the entity alive only while it runs.</summary>
    private void AfterChange()
    {
        if (_state.Status == SearchStatus.Empty) return;
        var wanted = _state.SlotsWanted(Now);
        _telemetry.SlotsWanted(wanted);
        if (wanted != _lastDemand)
        {
            var budget = _state.RequiredSpec.Budget;
            _dispatcher.Tell(new SlotDemand(_state.SearchId, wanted, _grantsSeen) { Priority = budget.Priority, Share = budget.Share });
            _lastDemand = wanted;
        }
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
    }

    private Cleaning? _cleaning;

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
                SaveSnapshot(snapshot);
                return;
            }
            DeleteMessages(LastSequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
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
            _state = SearchState.Empty(searchId);
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
