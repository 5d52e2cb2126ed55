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
/// the journal; a command is decided into events, which are persisted, then acted on (start a trial on the granted
/// slot, stop a runner, tell the index), and the slot demand is brought up to date.
/// </summary>
public sealed class SearchEntity : ReceivePersistentActor, IWithTimers
{
    private sealed record Tick;

    private sealed record Recovered;

    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan IdleAfterEnd = TimeSpan.FromSeconds(60);

    private readonly IActorRef _dispatcher;
    private readonly IActorRef _index;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SearchTelemetry _telemetry;
    private SearchState _state;
    private long _grantsSeen;
    private int _lastDemand = -1;

    public ITimerScheduler Timers { get; set; } = null!;

    public SearchEntity(string searchId, IActorRef dispatcher, IActorRef index)
    {
        _dispatcher = dispatcher;
        _index = index;
        _state = SearchState.Empty(searchId);
        _telemetry = new SearchTelemetry(searchId);
        PersistenceId = $"search-{searchId}";

        Recover<ISearchEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _telemetry.Recovered(_state);
            Self.Tell(new Recovered());
        });

        Command<Recovered>(_ => Handle(_state.DecideRecovered(Now), "recovered"));
        Command<SubmitSearch>(Submit);
        Command<GetSearch>(_ => ReplySnapshot());
        Command<GetSearchSpec>(_ => Sender.Tell(new SearchSpecText(_state.SearchId, _state.Spec?.Source)));
        Command<CancelSearch>(c =>
        {
            var sender = Sender;
            Handle(_state.DecideCancel(c.Reason, Now), "cancel", () => sender.Tell(SearchSnapshot.Of(_state)));
        });
        Command<ResumeSearch>(_ =>
        {
            var sender = Sender;
            Handle(_state.DecideResume(Now), "resume", () => sender.Tell(SearchSnapshot.Of(_state)));
        });
        Command<StopTrialByUser>(s =>
        {
            var sender = Sender;
            Handle(_state.DecideStopTrial(s.TrialId, SearchState.StoppedByUserReason, Now), "stop trial", () => sender.Tell(SearchSnapshot.Of(_state)));
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
    }

    public override string PersistenceId { get; }

    public static Props Props(string searchId, IActorRef dispatcher, IActorRef index) =>
        Akka.Actor.Props.Create(() => new SearchEntity(searchId, dispatcher, index));

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
            Sender.Tell(new SubmitResult(submit.SearchId, same, same ? [] : [$"search id '{submit.SearchId}' is already taken"]));
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
        Handle(decision, "submit", () =>
        {
            _index.Tell(new SearchIndex.Register(_state.SearchId, _state.RequiredSpec.Name, _state.SubmittedAt));
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
        Handle(decision, "slot", () => _dispatcher.Tell(new StartTrial(grant.Slot,
            new TrialAssignment(_state.SearchId, trial.Id, trial.Attempts, _state.RequiredSpec.Source, trial.Config, trial.Seed,
                trial.InitFrom, trial.StartEpoch) { TraceParent = traceParent })));
    }

    /// <summary>Adopts the decided state, journals its events, then acts on them once they are stored.</summary>
    private void Handle(SearchDecision decision, string what, Action? afterPersist = null)
    {
        var before = _state;
        _state = decision.State;
        if (decision.Events.Count == 0)
        {
            afterPersist?.Invoke();
            AfterChange();
            return;
        }
        PersistAll(decision.Events, _ => { });
        DeferAsync(what, _ =>
        {
            foreach (var e in decision.Events) ActOn(e, before);
            afterPersist?.Invoke();
            AfterChange();
        });
    }

    private void ActOn(ISearchEvent e, SearchState before)
    {
        _telemetry.Record(e, _state);
        switch (e)
        {
            case TrialStopped s when before.Trial(s.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(_state.SearchId, s.TrialId, t.Attempts, s.Reason));
                break;
            case TrialFailed f when before.Trial(f.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(_state.SearchId, f.TrialId, t.Attempts, f.Reason));
                break;
            case TrialExploited x when before.Trial(x.TrialId) is { Phase: TrialPhase.Running } t:
                _dispatcher.Tell(new StopTrial(_state.SearchId, x.TrialId, t.Attempts, x.Reason));
                break;
            case SearchFinished or SearchCancelled or SearchResumed:
                _index.Tell(new SearchIndex.StatusChanged(_state.SearchId, _state.Status));
                _log.Info("Search {0} is {1}: {2}", _state.SearchId, _state.Status, _state.EndReason ?? "resumed");
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
            _dispatcher.Tell(new SlotDemand(_state.SearchId, wanted, _grantsSeen));
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

    private void ReplySnapshot()
    {
        Sender.Tell(SearchSnapshot.Of(_state));
        if (_state.Status == SearchStatus.Empty) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }
}
