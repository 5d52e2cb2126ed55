using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Dispatch;

/// <summary>
/// The cluster singleton that owns worker slots. Searches state how many slots they want; free slots are granted by
/// priority and weighted fair share (<see cref="FairShareQueue"/>), so one large search cannot starve the others. A
/// worker that becomes unreachable has its running attempts reported to their searches as lost at once (they run again
/// elsewhere, a few seconds after a crash, instead of after the split brain resolver's wait) and gets no new trials
/// until it is reachable again; should it come back still running one of those attempts, the attempt is stopped. A
/// worker that terminates (left, downed, crashed) has its attempts reported lost too. Nothing here is persisted: workers
/// re-register (with what they still run) when the singleton moves, and searches re-send their demand and, every few
/// seconds, the attempts they think are running (<see cref="CheckRunningAttempts"/>). Every message costs
/// O(log searches) or O(1), never a scan of all slots (heartbeats and reachability scan their node's), except a stop
/// for an orphan (an attempt whose start was never journaled, found by its token): rare enough not to index.
/// A worker may keep a slot for the search whose attempt just ended there (<see cref="HeldSlot"/>); the dispatcher hears
/// of the search's next attempt on it afterwards (<see cref="SlotReused"/>) and counts the slot as running the ended
/// attempt meanwhile. A search keeps slots only while no other search waits for one: once another does, every kept
/// slot is asked back (<see cref="ReclaimSlot"/>) and comes back here when its attempt ends, as if never held, so
/// priorities and fair shares are decided here at every grant exactly as before.
/// </summary>
public sealed class TrialDispatcher : ReceiveActor, IWithTimers
{
    /// <summary>A granted slot that no StartTrial or ReleaseSlot claims within this time is taken back.</summary>
    private static readonly TimeSpan GrantExpiry = TimeSpan.FromSeconds(10);

    private sealed class Slot(SlotId id, IActorRef worker)
    {
        public SlotId Id { get; } = id;
        public IActorRef Worker { get; } = worker;
        public string? GrantedTo { get; set; }
        public long GrantedAt { get; set; }
        public TrialAssignment? Running { get; set; }
        public long FreedAt { get; set; }
        public long BusySince { get; set; }

        /// <summary>Its worker was told to give it back when the running attempt ends (<see cref="ReclaimSlot"/>).</summary>
        public bool Reclaimed { get; set; }
        public bool IsFree => GrantedTo is null && Running is null;
    }

    private sealed record ExpireGrants;

    private const string DispatcherKey = "dispatcher";
    /// <summary>A worker node became unreachable (<paramref name="Reachable"/> false) or reachable again.</summary>
    public sealed record NodeReachability(string Node, bool Reachable);

    private readonly record struct Attempt(string SearchId, string TrialId, int Number);

    /// <summary>How long an attempt that ended (or was given up) is remembered, while its last messages may still be on the way.</summary>
    private static readonly TimeSpan RecentlyEnded = TimeSpan.FromMinutes(1);

    /// <summary>How long an attempt may be missing from its worker's heartbeats after it was placed (RunTrial in flight).</summary>
    public static readonly TimeSpan DefaultHeartbeatGrace = TimeSpan.FromSeconds(10);

    private readonly IActorRef _searches;
    private readonly TimeSpan _heartbeatGrace;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>Dispatch latencies kept for the percentiles: the most recent ones, so a long-lived cluster stays bounded.</summary>
    private const int LatencySamples = 100_000;

    private readonly Dictionary<SlotId, Slot> _slots = [];

    /// <summary>Each node's registered slots, so a heartbeat, drain, reachability change or lost worker touches only that node's.</summary>
    private readonly Dictionary<string, List<Slot>> _byNode = new(StringComparer.Ordinal);

    /// <summary>Grants in the order they were made (all expire after the same time), so expiry looks only at the oldest.</summary>
    private readonly Queue<(Slot Slot, long GrantedAt)> _grants = new();
    private readonly FairShareQueue _queue = new();
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);

    /// <summary>Nodes whose workers asked to register before this node listed them as members (logged once each).</summary>
    private readonly HashSet<string> _notMembers = new(StringComparer.Ordinal);

    /// <summary>Where each placed attempt runs, so a stop or a search's check finds its slot without a scan.</summary>
    private readonly Dictionary<Attempt, Slot> _placed = [];

    /// <summary>Attempts reported lost while their worker was unreachable: stopped if their worker turns up running them.</summary>
    private readonly RecentSet<Attempt> _abandoned = new(RecentlyEnded);

    /// <summary>Attempts that ended lately: a search's check that still lists one (its result on the way) is not answered with lost.</summary>
    private readonly RecentSet<Attempt> _ended = new(RecentlyEnded);
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    /// <summary>This node's cluster; null in an actor system without clustering (unit tests).</summary>
    private readonly Akka.Cluster.Cluster? _cluster =
        Context.System is ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider } ? Akka.Cluster.Cluster.Get(Context.System) : null;

    /// <summary>Each node's GPUs from its last heartbeat, for <see cref="SlotInfo.Gpu"/>.</summary>
    private readonly Dictionary<string, IReadOnlyList<GpuStatus>> _gpus = new(StringComparer.Ordinal);

    /// <summary>Slots that became free, in order; an entry whose slot was granted since or removed is skipped when taken.</summary>
    private readonly Queue<Slot> _freed = new();
    /// <summary>Each search's running slots its worker may still keep for it: the ones a waiting search can reclaim.</summary>
    private readonly Dictionary<string, HashSet<Slot>> _holdable = new(StringComparer.Ordinal);

    /// <summary>Stops of attempts started on a held slot that the dispatcher has not heard of yet: sent on when it does.</summary>
    private readonly Dictionary<Attempt, StopTrial> _stopsAhead = [];
    private readonly RecentSet<Attempt> _stopsAheadKept = new(RecentlyEnded);
    private readonly List<double> _latenciesMs = [];
    private int _nextLatency;
    private long _handlingTicks;
    private long _messages;
    private long _windowStart;
    private long _slotTicksRegistered;
    private long _busyTicks;
    private int _placements;
    private long _lastFreed;

    public ITimerScheduler Timers { get; set; } = null!;

    public TrialDispatcher(IActorRef searches, TimeSpan heartbeatGrace)
    {
        _searches = searches;
        _heartbeatGrace = heartbeatGrace;
        Receive<RegisterWorker>(Register);
        Receive<SlotDemand>(d =>
        {
            _queue.Update(d);
            Place();
        });
        Receive<ReleaseSlot>(r =>
        {
            if (_slots.TryGetValue(r.Slot, out var slot) && slot.GrantedTo == r.SearchId && slot.Running is null) Free(slot, Stopwatch.GetTimestamp());
            Place();
        });
        Receive<StartTrial>(Start);
        Receive<StopTrial>(s =>
        {
            var attempt = new Attempt(s.SearchId, s.TrialId, s.Attempt);
            if (_placed.TryGetValue(attempt, out var slot) && s.FitsToken(slot.Running?.Token)) slot.Worker.Tell(s);
            // An orphan (its start never journaled) can share its number with the attempt its search started since.
            else if (s.Token is not null && _slots.Values.FirstOrDefault(x => s.Stops(x.Running)) is { } orphan)
                orphan.Worker.Tell(s);
            else if (!_ended.Contains(attempt))
            {
                // Perhaps started on a held slot, its SlotReused still on the way.
                _stopsAhead[attempt] = s;
                _stopsAheadKept.Add(attempt);
            }
        });
        Receive<SlotFreed>(f =>
        {
            _ended.Add(new Attempt(f.SearchId, f.TrialId, f.Attempt));
            if (_slots.TryGetValue(f.Slot, out var slot) && IsAttempt(slot.Running, f.SearchId, f.TrialId, f.Attempt))
                Free(slot, TimestampAgo(f.HeldForMs));
            Place();
        });
        Receive<SlotReused>(Reused);
        Receive<CheckRunningAttempts>(Check);
        Receive<NodeReachability>(r => Reach(r.Node, r.Reachable));
        Receive<Akka.Cluster.ClusterEvent.UnreachableMember>(m => Reach(m.Member.Address.ToString(), false));
        Receive<Akka.Cluster.ClusterEvent.ReachableMember>(m => Reach(m.Member.Address.ToString(), true));
        Receive<Akka.Cluster.ClusterEvent.MemberRemoved>(m => _unreachable.Remove(m.Member.Address.ToString()));
        Receive<WorkerHeartbeat>(Heartbeat);
        Receive<Terminated>(t => WorkerLost(t.ActorRef));
        Receive<ExpireGrants>(_ => ExpireStaleGrants());
        Receive<GetDispatchStats>(_ => Sender.Tell(Stats()));
        Receive<GetSlots>(_ => Sender.Tell(new SlotList([.. _slots.Values.OrderBy(s => s.Id.Node).ThenBy(s => s.Id.Device).Select(Info)])));
        Receive<DrainNode>(Drain);
    }

    public static Props Props(IActorRef searches, TimeSpan? heartbeatGrace = null) =>
        Akka.Actor.Props.Create(() => new TrialDispatcher(searches, heartbeatGrace ?? DefaultHeartbeatGrace));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("expire", new ExpireGrants(), TimeSpan.FromSeconds(1));
        ModelOptTelemetry.DispatcherActive.Set(DispatcherKey, 1);
        _cluster?.Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(Akka.Cluster.ClusterEvent.UnreachableMember), typeof(Akka.Cluster.ClusterEvent.ReachableMember),
            typeof(Akka.Cluster.ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        ModelOptTelemetry.DispatcherActive.Remove(DispatcherKey);
        _cluster?.Unsubscribe(Self);
    }

    /// <summary>Counts the time spent handling messages, to tell whether the singleton is near its limit.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return base.AroundReceive(receive, message);
        }
        finally
        {
            _handlingTicks += Stopwatch.GetTimestamp() - started;
            _messages++;
        }
    }

    private void Register(RegisterWorker r)
    {
        if (!IsMember(r.Worker))
        {
            // Its trials' results could not reach their searches; it asks again until its join reaches this node.
            if (_notMembers.Add(r.Node)) _log.Info("Worker {0} is not a member of this node's cluster yet: not registered until it is", r.Node);
            return;
        }
        _notMembers.Remove(r.Node);
        // A registration that arrives comes from a worker that is reachable (a new incarnation at the same address, too).
        _unreachable.Remove(r.Node);
        foreach (var stale in SlotsOf(r.Node).Where(s => !s.Worker.Equals(r.Worker)).ToList())
            Remove(stale);
        var now = Stopwatch.GetTimestamp();
        foreach (var device in r.Devices)
        {
            var id = new SlotId(r.Node, device);
            if (_slots.ContainsKey(id)) continue;
            var busy = r.Busy.FirstOrDefault(b => b.Device == device);
            var slot = _slots[id] = new Slot(id, r.Worker) { BusySince = now };
            if (busy is not null) SetRunning(slot, new TrialAssignment(busy.SearchId, busy.TrialId, busy.Attempt, "", Search.Spaces.Config.Empty, 0));
            if (!_byNode.TryGetValue(r.Node, out var nodeSlots)) _byNode[r.Node] = nodeSlots = [];
            nodeSlots.Add(slot);
            if (busy is null) _freed.Enqueue(slot);
            else
            {
                _placed[new Attempt(busy.SearchId, busy.TrialId, busy.Attempt)] = slot;
                _queue.Holds(busy.SearchId);
            }
            _slotTicksRegistered -= now;
        }
        Context.Watch(r.Worker);
        Sender.Tell(new WorkerRegistered(r.Node));
        _log.Info("Worker {0} registered {1} slot(s)", r.Node, r.Devices.Count);
        Place();
    }

    /// <summary>
    /// Whether the worker is local or on a node this node's cluster lists as up. A node welcomed by a member that died
    /// before passing its join on believes it is in the cluster while the leader never heard of it; slots there would
    /// take trials whose results no search receives until the node joins again.
    /// </summary>
    private bool IsMember(IActorRef worker)
    {
        var address = worker.Path.Address;
        if (!address.HasGlobalScope || _cluster is null) return true;
        return _cluster.State.Members.Any(m => m.Address.Equals(address) && m.Status is Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.WeaklyUp);
    }

    private void Start(StartTrial s)
    {
        if (!_slots.TryGetValue(s.Slot, out var slot) || slot.GrantedTo != s.Trial.SearchId)
        {
            _searches.Tell(new TrialAttemptFailed(s.Trial.SearchId, s.Trial.TrialId, s.Trial.Attempt, FailureKind.Lost, $"slot {s.Slot} is no longer available") { Token = s.Trial.Token });
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (slot.FreedAt > 0)
        {
            var latencyMs = Stopwatch.GetElapsedTime(slot.FreedAt, now).TotalMilliseconds;
            RecordLatency(latencyMs);
            ModelOptTelemetry.DispatchLatency.Record(latencyMs);
        }
        slot.GrantedTo = null;
        var mayHold = SetRunning(slot, s.Trial, reclaimed: Contended(s.Trial.SearchId));
        slot.BusySince = now;
        _placed[new Attempt(s.Trial.SearchId, s.Trial.TrialId, s.Trial.Attempt)] = slot;
        if (_placements == 0) StartUtilizationWindow(now);
        _placements++;
        slot.Worker.Tell(new RunTrial(slot.Id.Device, s.Trial) { MayHold = mayHold });
    }

    /// <summary>
    /// A search started its next attempt on the slot its worker held for it. The slot's busy time and the dispatch
    /// latency count from the ended attempt's end, as the worker measured the gap. A slot this registry gave to someone
    /// else meanwhile (its node was unreachable, say) cannot take the attempt: it is stopped and goes back to its search
    /// unstarted.
    /// </summary>
    private void Reused(SlotReused r)
    {
        var started = r.Started;
        var ended = new Attempt(started.SearchId, r.Ended.TrialId, r.Ended.Attempt);
        var next = new Attempt(started.SearchId, started.TrialId, started.Attempt);
        _ended.Add(ended);
        if (!_slots.TryGetValue(r.Slot, out var slot) || !(IsAttempt(slot.Running, ended.SearchId, ended.TrialId, ended.Number) || slot.IsFree))
        {
            Refuse(r.Slot, started);
            return;
        }
        var now = Stopwatch.GetTimestamp();
        var endedAt = TimestampAgo(r.GapMs, now);
        var reclaimed = slot.Reclaimed;
        if (slot.Running is not null)
        {
            _busyTicks += Math.Max(0, endedAt - slot.BusySince);
            Unplace(ended, slot);
            RecordLatency(r.GapMs);
            ModelOptTelemetry.DispatchLatency.Record(r.GapMs);
        }
        else _queue.Holds(started.SearchId);
        var mayHold = SetRunning(slot, started, reclaimed || Contended(started.SearchId));
        slot.BusySince = now;
        _placed[next] = slot;
        if (_placements == 0) StartUtilizationWindow(now);
        _placements++;
        if (!mayHold && !reclaimed) Reclaim(slot);
        // Counted as a grant for round-robin between equals.
        _queue.Reused(started.SearchId);
        if (_stopsAhead.Remove(next, out var stop)) slot.Worker.Tell(stop);
        Place();

        void Refuse(SlotId id, TrialAssignment t)
        {
            if (_slots.TryGetValue(id, out var s)) s.Worker.Tell(new StopTrial(t.SearchId, t.TrialId, t.Attempt, $"slot {id} was given to another search") { Token = t.Token });
            _searches.Tell(new HeldStartRefused(t.SearchId, t.TrialId, t.Attempt, $"slot {id} was given to another search") { Token = t.Token });
        }
    }

    /// <summary>The timestamp <paramref name="ms"/> milliseconds before <paramref name="now"/> (default: now), from a gap a worker measured.</summary>
    private static long TimestampAgo(double ms, long? now = null) =>
        (now ?? Stopwatch.GetTimestamp()) - (long)(ms * Stopwatch.Frequency / 1000);

    /// <summary>The slot's attempt ended at <paramref name="endedAt"/> (a timestamp; earlier than now when its worker held it first).</summary>
    private void Free(Slot slot, long endedAt)
    {
        if (slot.Running is not null) _busyTicks += Math.Max(0, endedAt - slot.BusySince);
        Unhold(slot);
        _lastFreed = endedAt;
        SetRunning(slot, null);
        slot.GrantedTo = null;
        slot.FreedAt = endedAt;
        _freed.Enqueue(slot);
    }

    /// <summary>
    /// Sets the attempt a slot runs, keeping <see cref="_holdable"/> current. True when its worker may keep it for the
    /// search afterwards: not asked back already and not on a draining node.
    /// </summary>
    private bool SetRunning(Slot slot, TrialAssignment? trial, bool reclaimed = false)
    {
        NotHoldable(slot);
        slot.Running = trial;
        slot.Reclaimed = reclaimed;
        if (trial is null || reclaimed || _draining.Contains(slot.Id.Node)) return false;
        if (!_holdable.TryGetValue(trial.SearchId, out var slots)) _holdable[trial.SearchId] = slots = [];
        slots.Add(slot);
        return true;
    }

    /// <summary>The slot leaves its running search's holdable slots.</summary>
    private void NotHoldable(Slot slot)
    {
        if (slot.Running is { } t && _holdable.TryGetValue(t.SearchId, out var slots) && slots.Remove(slot) && slots.Count == 0)
            _holdable.Remove(t.SearchId);
    }

    /// <summary>Tells the slot's worker to give it back when its attempt ends.</summary>
    private void Reclaim(Slot slot)
    {
        NotHoldable(slot);
        slot.Reclaimed = true;
        slot.Worker.Tell(new ReclaimSlot(slot.Id.Device));
    }

    /// <summary>Whether another search waits for a slot: then a slot of <paramref name="holder"/> is not kept for it.</summary>
    private bool Contended(string holder) => _queue.OthersWait(holder);

    /// <summary>
    /// While a search waits for a slot, every slot another search keeps is asked back, so it returns here when its
    /// attempt ends and is granted in fair-share order, exactly as a slot never held. Costs O(searches keeping slots)
    /// while one waits, and nothing once those slots are all asked back (slots placed meanwhile are placed not to be kept).
    /// </summary>
    private void ReclaimForWaiting()
    {
        if (_queue.OpenSearches == 0 || _holdable.Count == 0) return;
        foreach (var holder in _holdable.Keys.Where(Contended).ToList())
            foreach (var slot in _holdable[holder].ToList())
                Reclaim(slot);
    }

    /// <summary>Grants free slots to the searches with open demand, in the order <see cref="FairShareQueue"/> keeps.</summary>
    private void Place()
    {
        while (_queue.Next is { } searchId && NextFreeSlot() is { } slot)
        {
            slot.GrantedTo = searchId;
            slot.GrantedAt = Stopwatch.GetTimestamp();
            _grants.Enqueue((slot, slot.GrantedAt));
            _queue.Granted(searchId);
            _searches.Tell(new SlotGranted(searchId, slot.Id));
        }
        ReclaimForWaiting();
    }

    /// <summary>The search that held the slot (granted or running there) no longer does.</summary>
    private void Unhold(Slot slot)
    {
        if (slot.Running is { } t)
        {
            Unplace(new Attempt(t.SearchId, t.TrialId, t.Attempt), slot);
            _queue.Released(t.SearchId);
        }
        else if (slot.GrantedTo is { } searchId) _queue.Released(searchId);
    }

    /// <summary>
    /// Forgets where the attempt runs, if it is this slot: an orphan (its start never journaled) and the attempt its
    /// search started since share a number, and the orphan's end must not forget the other.
    /// </summary>
    private void Unplace(Attempt attempt, Slot slot)
    {
        if (_placed.TryGetValue(attempt, out var placed) && ReferenceEquals(placed, slot)) _placed.Remove(attempt);
    }

    private void Remove(Slot slot)
    {
        Unhold(slot);
        SetRunning(slot, null);
        _slots.Remove(slot.Id);
        if (_byNode.TryGetValue(slot.Id.Node, out var nodeSlots) && nodeSlots.Remove(slot) && nodeSlots.Count == 0) _byNode.Remove(slot.Id.Node);
    }

    private List<Slot> SlotsOf(string node) => _byNode.TryGetValue(node, out var slots) ? slots : [];

    /// <summary>Draining is remembered by node address, so a drained worker that re-registers stays drained.</summary>
    private void Drain(DrainNode d)
    {
        if (d.Drain) _draining.Add(d.Node);
        else _draining.Remove(d.Node);
        var slots = SlotsOf(d.Node);
        _log.Info("Node {0} {1}", d.Node, d.Drain ? "is draining: no new trials are placed on it" : "takes trials again");
        Sender.Tell(new NodeDrained(d.Node, d.Drain, slots.Count, slots.Count(s => s.Running is not null)));
        if (d.Drain)
        {
            // Its held slots come back as their attempts end, and none is kept for the next trial.
            foreach (var slot in slots.Where(s => s.Running is not null && !s.Reclaimed)) Reclaim(slot);
            return;
        }
        // A drained node's free slots left the free queue when they were skipped; they rejoin it now.
        foreach (var slot in slots.Where(s => s.IsFree)) _freed.Enqueue(slot);
        Place();
    }

    private SlotInfo Info(Slot s) => new(s.Id.Node, s.Id.Device,
        s.Running is not null ? SlotState.Running : s.GrantedTo is not null ? SlotState.Granted : SlotState.Free,
        _draining.Contains(s.Id.Node), s.Running?.SearchId ?? s.GrantedTo, s.Running?.TrialId)
    {
        Gpu = _gpus.TryGetValue(s.Id.Node, out var gpus) ? gpus.FirstOrDefault(g => g.Device == Workers.WorkerDevices.TorchDevice(s.Id.Device)) : null,
    };

    /// <summary>The longest-free slot still registered, free and not draining, or null.</summary>
    private Slot? NextFreeSlot()
    {
        while (_freed.TryDequeue(out var slot))
            if (slot.IsFree && !_draining.Contains(slot.Id.Node) && !_unreachable.Contains(slot.Id.Node)
                && _slots.TryGetValue(slot.Id, out var current) && ReferenceEquals(current, slot))
                return slot;
        return null;
    }

    private void Heartbeat(WorkerHeartbeat h)
    {
        if (h.Gpus is { } gpus) _gpus[h.Node] = gpus;
        else _gpus.Remove(h.Node);
        StopAbandoned(h);
        var running = h.Running.Select(r => (r.Device, r.SearchId, r.TrialId, r.Attempt)).ToHashSet();
        var missing = SlotsOf(h.Node)
            .Where(s => s.Running is { } t && Stopwatch.GetElapsedTime(s.BusySince) >= _heartbeatGrace
                        && !running.Contains((s.Id.Device, t.SearchId, t.TrialId, t.Attempt)))
            .ToList();
        foreach (var slot in missing)
        {
            var t = slot.Running!;
            _searches.Tell(new TrialAttemptFailed(t.SearchId, t.TrialId, t.Attempt, FailureKind.Lost, $"worker {slot.Id.Node} is not running it on {slot.Id.Device}") { Token = t.Token });
            Free(slot, Stopwatch.GetTimestamp());
        }
        if (missing.Count > 0) Place();
    }

    /// <summary>
    /// A worker that was unreachable may come back still running attempts that were given up meanwhile (and placed
    /// again elsewhere): each is stopped, and its slot counts as busy until the worker frees it.
    /// </summary>
    private void StopAbandoned(WorkerHeartbeat h)
    {
        foreach (var r in h.Running)
        {
            if (!_abandoned.Remove(new Attempt(r.SearchId, r.TrialId, r.Attempt))) continue;
            var id = new SlotId(h.Node, r.Device);
            if (!_slots.TryGetValue(id, out var slot)) continue;
            if (slot.IsFree)
            {
                SetRunning(slot, new TrialAssignment(r.SearchId, r.TrialId, r.Attempt, "", Search.Spaces.Config.Empty, 0), reclaimed: true);
                slot.BusySince = Stopwatch.GetTimestamp();
                _placed[new Attempt(r.SearchId, r.TrialId, r.Attempt)] = slot;
                _queue.Holds(r.SearchId);
            }
            _log.Info("Stopping attempt {0} of {1}/{2} on {3}: it was given up while its worker was unreachable", r.Attempt, r.SearchId, r.TrialId, id);
            slot.Worker.Tell(new StopTrial(r.SearchId, r.TrialId, r.Attempt, "given up while its worker was unreachable"));
        }
    }

    /// <summary>
    /// An unreachable worker may have crashed: its attempts are reported lost now, so they run again elsewhere within
    /// the failure detector's time rather than after the split brain resolver downs the node; its slots take no new
    /// trial until it is reachable again. A false alarm costs the given-up attempts' work, not a wrong result: the
    /// search accepts results only from an attempt it still runs.
    /// </summary>
    private void Reach(string node, bool reachable)
    {
        var slots = SlotsOf(node);
        if (!reachable)
        {
            if (!_unreachable.Add(node) || slots.Count == 0) return;
            var now = Stopwatch.GetTimestamp();
            foreach (var slot in slots)
            {
                if (slot.Running is { } t)
                {
                    _searches.Tell(new TrialAttemptFailed(t.SearchId, t.TrialId, t.Attempt, FailureKind.Lost, $"worker {node} is unreachable") { Token = t.Token });
                    _abandoned.Add(new Attempt(t.SearchId, t.TrialId, t.Attempt));
                    _busyTicks += now - slot.BusySince;
                }
                Unhold(slot);
                SetRunning(slot, null);
                slot.GrantedTo = null;
                slot.FreedAt = 0;
            }
            _log.Warning("Worker {0} is unreachable: its attempts were reported lost and it gets no trials until it is back", node);
            return;
        }
        if (!_unreachable.Remove(node) || slots.Count == 0) return;
        foreach (var slot in slots.Where(s => s.IsFree)) _freed.Enqueue(slot);
        _log.Info("Worker {0} is reachable again", node);
        Place();
    }

    /// <summary>
    /// Answers a search's attempts that no slot runs, that did not end lately and that were not given up already, as
    /// lost. A new dispatcher waits one heartbeat grace first: workers re-register (with what they run) within it.
    /// </summary>
    private void Check(CheckRunningAttempts check)
    {
        if (Stopwatch.GetElapsedTime(_startedAt) < _heartbeatGrace) return;
        foreach (var a in check.Attempts)
        {
            var attempt = new Attempt(check.SearchId, a.TrialId, a.Attempt);
            if (_placed.ContainsKey(attempt) || _ended.Contains(attempt) || _abandoned.Contains(attempt)) continue;
            _ended.Add(attempt);
            _searches.Tell(new TrialAttemptFailed(check.SearchId, a.TrialId, a.Attempt, FailureKind.Lost, "no worker runs this attempt"));
        }
    }

    private void WorkerLost(IActorRef worker)
    {
        var lost = _byNode.Values.FirstOrDefault(slots => slots.Count > 0 && slots[0].Worker.Equals(worker)) ?? [];
        foreach (var slot in lost.ToList())
        {
            if (slot.Running is { } t)
                _searches.Tell(new TrialAttemptFailed(t.SearchId, t.TrialId, t.Attempt, FailureKind.Lost, $"worker {slot.Id.Node} was lost") { Token = t.Token });
            if (slot.Running is not null) _busyTicks += Stopwatch.GetTimestamp() - slot.BusySince;
            _slotTicksRegistered += Stopwatch.GetTimestamp();
            Remove(slot);
            _gpus.Remove(slot.Id.Node);
        }
        _log.Warning("Worker {0} terminated; its slots are gone", worker.Path);
    }

    private void ExpireStaleGrants()
    {
        _ended.Forget();
        _abandoned.Forget();
        if (_stopsAhead.Count > 0)
        {
            _stopsAheadKept.Forget();
            foreach (var attempt in _stopsAhead.Keys.Where(a => !_stopsAheadKept.Contains(a)).ToList()) _stopsAhead.Remove(attempt);
        }
        var expired = 0;
        while (_grants.TryPeek(out var grant) && Stopwatch.GetElapsedTime(grant.GrantedAt) > GrantExpiry)
        {
            _grants.Dequeue();
            var slot = grant.Slot;
            // Claimed, released or granted again since, or no longer registered: nothing to take back.
            if (slot.GrantedTo is null || slot.GrantedAt != grant.GrantedAt || !_slots.TryGetValue(slot.Id, out var current) || !ReferenceEquals(current, slot)) continue;
            expired++;
            Unhold(slot);
            slot.GrantedTo = null;
            slot.FreedAt = 0;
            _freed.Enqueue(slot);
        }
        if (expired > 0) Place();
    }

    /// <summary>Utilization counts from the first placement, so the idle time before any work arrived does not dilute it.</summary>
    private void StartUtilizationWindow(long now)
    {
        _slotTicksRegistered = -_slots.Count * now;
        _busyTicks = 0;
        _windowStart = now;
        _handlingTicks = 0;
        _messages = 0;
    }

    private void RecordLatency(double latencyMs)
    {
        if (_latenciesMs.Count < LatencySamples) _latenciesMs.Add(latencyMs);
        else _latenciesMs[_nextLatency] = latencyMs;
        _nextLatency = (_nextLatency + 1) % LatencySamples;
    }

    private static bool IsAttempt(TrialAssignment? running, string searchId, string trialId, int attempt) =>
        running is not null && running.SearchId == searchId && running.TrialId == trialId && running.Attempt == attempt;

    private DispatchStats Stats()
    {
        var now = Stopwatch.GetTimestamp();
        var end = _lastFreed > 0 && _slots.Values.All(s => s.Running is null) ? _lastFreed : now;
        var registered = _slotTicksRegistered + _slots.Count * end;
        var busy = _busyTicks + _slots.Values.Where(s => s.Running is not null).Sum(s => end - s.BusySince);
        var sorted = _latenciesMs.Order().ToList();
        var window = _windowStart > 0 ? now - _windowStart : 0;
        return new DispatchStats(_slots.Count, _slots.Values.Count(s => s.Running is not null), _placements,
            Percentile(sorted, 0.5), Percentile(sorted, 0.99), registered > 0 ? (double)busy / registered : 0)
        {
            Messages = _messages,
            BusyFraction = window > 0 ? Math.Min(1, (double)_handlingTicks / window) : 0,
        };
    }

    private static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
