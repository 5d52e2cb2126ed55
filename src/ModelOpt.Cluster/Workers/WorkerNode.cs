using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// One per worker process: offers its slots (<c>cpu#0</c> … ) to the dispatcher, re-registering whenever the dispatcher
/// singleton is gone, and runs a <see cref="TrialAttempt"/> per attempt, enforcing its timeout. An attempt that cannot
/// start its workload becomes a <see cref="FailureKind.Crash"/> failure; the slot is freed and the node keeps serving. Slots that
/// isolate their trials (<see cref="TrialIsolationOptions"/>) get a trial process each, started with the worker and
/// killed when it stops. A slot whose attempt ended may be kept for the same search (<see cref="HeldSlot"/>): its result
/// goes out with the slot, and the search starts its next trial there directly or gives the slot back; a hold the search
/// does not answer within <see cref="HoldTimeout"/>, and one the dispatcher reclaims, goes back to the dispatcher.
/// </summary>
public sealed class WorkerNode : ReceiveActor, IWithTimers
{
    private sealed record TryRegister;

    private sealed record SendHeartbeat;

    private sealed record SampleGpus;

    private sealed record GpusSampled(IReadOnlyDictionary<string, Training.Devices.GpuSample> Samples);

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often a worker without a dispatcher offers its slots: each try is one small message, and a restarted coordinator gets its slots within it.</summary>
    private static readonly TimeSpan RegisterInterval = TimeSpan.FromMilliseconds(500);

    private sealed record Running(TrialAttempt Attempt, bool MayHold);

    private sealed record AttemptTimedOut(TrialAttempt Attempt, TimeSpan Limit);

    /// <summary>A slot kept for <paramref name="Ended"/>'s search since that attempt ended at <paramref name="EndedAt"/> (a timestamp).</summary>
    private sealed record Held(TrialAssignment Ended, long EndedAt);

    private sealed record HoldExpired(string Device, TrialAssignment Ended);

    /// <summary>How long a held slot waits for its search's next start or release before it goes back to the dispatcher.</summary>
    public static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(10);

    private readonly SpecCache _specs;
    private readonly IActorRef _dispatcher;
    private readonly IActorRef _searches;
    private readonly string? _checkpointRoot;
    private readonly IReadOnlyList<string> _devices;
    private readonly string _node;
    private readonly SlotTelemetry _slots;
    private readonly WorkloadThreads _threads = new("trial");
    private readonly SlotProcesses _slotProcesses;
    private readonly GpuTelemetry? _gpuTelemetry;
    private IReadOnlyList<GpuStatus>? _gpus;
    private bool _sampling;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);

    /// <summary>Slots the dispatcher asked back: they go to it when their attempt ends instead of being held.</summary>
    private readonly HashSet<string> _reclaimed = new(StringComparer.Ordinal);
    private IActorRef _registeredWith = ActorRefs.Nobody;

    public ITimerScheduler Timers { get; set; } = null!;

    public WorkerNode(IReadOnlyList<string> devices, SearchCatalog catalog, IActorRef dispatcher, IActorRef searches, string? checkpointRoot, TrialIsolationOptions? isolation = null)
    {
        _specs = new SpecCache(catalog);
        _dispatcher = dispatcher;
        _searches = searches;
        _checkpointRoot = checkpointRoot;
        _devices = devices;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        _slots = new SlotTelemetry(_node, devices);
        _slotProcesses = new SlotProcesses(devices, isolation ?? TrialIsolationOptions.Default);
        _gpuTelemetry = GpuTelemetry.For(_node, devices);
        if (_gpuTelemetry is not null) Timers.StartPeriodicTimer("gpus", new SampleGpus(), TimeSpan.Zero, HeartbeatInterval);
        Registering();
    }

    /// <param name="devices">One slot per device name (<c>cpu#0</c>, <c>cuda:1</c>; see <see cref="WorkerDevices"/>).</param>
    /// <param name="catalog">Reads the trials' specs and builds the workloads run in this process.</param>
    /// <param name="isolation">Which slots run trials in their own process; <see cref="TrialIsolationOptions.Default"/> when null.</param>
    public static Props Props(IReadOnlyList<string> devices, SearchCatalog catalog, IActorRef dispatcher, IActorRef searches, string? checkpointRoot, TrialIsolationOptions? isolation = null) =>
        Akka.Actor.Props.Create(() => new WorkerNode(devices, catalog, dispatcher, searches, checkpointRoot, isolation));

    protected override void PreStart() => _slotProcesses.WarmAll();

    protected override void PostStop()
    {
        foreach (var running in _running.Values) running.Attempt.Cancel();
        _slots.Withdraw();
        _slotProcesses.Dispose();
        _threads.Dispose();
        _gpuTelemetry?.Dispose();
    }

    private void Registering()
    {
        Timers.StartPeriodicTimer("register", new TryRegister(), TimeSpan.Zero, RegisterInterval);
        Timers.Cancel("heartbeat");
        Receive<TryRegister>(_ => _dispatcher.Tell(new RegisterWorker(Self, _node, _devices, RunningAttempts())));
        Receive<WorkerRegistered>(_ =>
        {
            Timers.Cancel("register");
            _registeredWith = Context.Watch(Sender);
            _log.Info("Registered {0} slot(s) with the dispatcher at {1}", _devices.Count, Sender.Path);
            Become(Serving);
        });
        Trials();
    }

    private void Serving()
    {
        Timers.StartPeriodicTimer("heartbeat", new SendHeartbeat(), HeartbeatInterval);
        Receive<SendHeartbeat>(_ => _registeredWith.Tell(new WorkerHeartbeat(_node, RunningAttempts()) { Gpus = _gpus }));
        Receive<Terminated>(t => t.ActorRef.Equals(_registeredWith), _ =>
        {
            _log.Warning("The dispatcher is gone; registering again");
            Become(Registering);
        });
        Trials();
    }

    private void Trials()
    {
        Receive<SampleGpus>(_ =>
        {
            if (_sampling || _gpuTelemetry is not { } gpus) return;
            _sampling = true;
            // NVML answers in microseconds, nvidia-smi in tens of milliseconds: either way not on the actor's thread.
            Task.Run(() => new GpusSampled(gpus.Sample())).PipeTo(Self, failure: _ => new GpusSampled(new Dictionary<string, Training.Devices.GpuSample>()));
        });
        Receive<GpusSampled>(s =>
        {
            _sampling = false;
            _gpus = _gpuTelemetry?.Publish(s.Samples, device => _running.Keys.Count(slot => WorkerDevices.TorchDevice(slot) == device));
        });
        Receive<RunTrial>(r =>
        {
            if (_running.ContainsKey(r.Device))
            {
                _searches.Tell(new TrialAttemptFailed(r.Trial.SearchId, r.Trial.TrialId, r.Trial.Attempt, FailureKind.Lost, $"slot {r.Device} on {_node} is busy") { Token = r.Trial.Token });
                return;
            }
            // The dispatcher placed a trial on a slot held for another search (its registry lost the hold): the hold ends.
            DropHold(r.Device);
            _reclaimed.Remove(r.Device);
            Run(r.Device, r.Trial, r.MayHold);
        });
        Receive<RunHeldTrial>(r =>
        {
            if (!_held.TryGetValue(r.Device, out var held) || !IsEnded(held.Ended, r.Trial.SearchId, r.Ended) || _running.ContainsKey(r.Device))
            {
                _searches.Tell(new HeldStartRefused(r.Trial.SearchId, r.Trial.TrialId, r.Trial.Attempt, $"slot {r.Device} on {_node} was given back before the start arrived") { Token = r.Trial.Token });
                return;
            }
            DropHold(r.Device);
            var gapMs = System.Diagnostics.Stopwatch.GetElapsedTime(held.EndedAt).TotalMilliseconds;
            Run(r.Device, r.Trial, mayHold: true);
            _dispatcher.Tell(new SlotReused(new SlotId(_node, r.Device), r.Ended,
                r.Trial with { SpecText = "", Config = Search.Spaces.Config.Empty }, gapMs));
        });
        Receive<ReleaseHeldSlot>(r =>
        {
            if (_held.TryGetValue(r.Device, out var held) && IsEnded(held.Ended, r.SearchId, r.Ended)) GiveBack(r.Device);
        });
        Receive<HoldExpired>(e =>
        {
            if (_held.TryGetValue(e.Device, out var held) && ReferenceEquals(held.Ended, e.Ended)) GiveBack(e.Device);
        });
        Receive<ReclaimSlot>(r =>
        {
            if (_held.ContainsKey(r.Device)) GiveBack(r.Device);
            else if (_running.ContainsKey(r.Device)) _reclaimed.Add(r.Device);
        });
        Receive<StopTrial>(s =>
        {
            var entry = _running.FirstOrDefault(kv => s.Stops(kv.Value.Attempt.Trial));
            if (entry.Value is null) return;
            entry.Value.Attempt.Stop();
            FreeSlot(entry.Key);
        });
        Receive<TrialAttempt.Ended>(e =>
        {
            if (IsRunning(e.Attempt)) End(e.Attempt, e.Outcome);
            // Its slot was freed already (a stop crossed the outcome): the search judges whether the outcome still counts.
            else if (e.Attempt.EndedBeforeStop) _searches.Tell(e.Outcome);
        });
        Receive<AttemptTimedOut>(t =>
        {
            if (!IsRunning(t.Attempt)) return;
            End(t.Attempt, t.Attempt.Fail(FailureKind.Timeout, $"attempt {t.Attempt.Trial.Attempt} ran longer than the trial timeout of {t.Limit}"));
            t.Attempt.Cancel();
        });
        Receive<TrialAttempt.Crashed>(c =>
        {
            if (!IsRunning(c.Attempt)) return;
            var trial = c.Attempt.Trial;
            _searches.Tell(new TrialAttemptFailed(trial.SearchId, trial.TrialId, trial.Attempt, FailureKind.Crash,
                $"the trial runner crashed: {c.Error.GetType().Name}: {c.Error.Message}") { Token = trial.Token });
            FreeSlot(c.Attempt.Device);
        });
    }

    /// <summary>
    /// Running attempts, and the ended attempts whose slots are held: the dispatcher counts a held slot as running its
    /// last attempt until it hears of the reuse or the release, so heartbeats must not report that attempt missing.
    /// </summary>
    private List<RunningAttempt> RunningAttempts() =>
        [.. _running.Select(kv => new RunningAttempt(kv.Key, kv.Value.Attempt.Trial.SearchId, kv.Value.Attempt.Trial.TrialId, kv.Value.Attempt.Trial.Attempt)),
         .. _held.Select(kv => new RunningAttempt(kv.Key, kv.Value.Ended.SearchId, kv.Value.Ended.TrialId, kv.Value.Ended.Attempt))];

    private void Run(string device, TrialAssignment trial, bool mayHold)
    {
        var attempt = new TrialAttempt(device, trial, _searches, _node, _checkpointRoot, _threads, _specs, _slotProcesses.For(device));
        _running[device] = new Running(attempt, mayHold);
        _slots.Busy(device, true);
        attempt.Start(Self);
        if (attempt.Timeout is { } limit) Timers.StartSingleTimer(TimeoutTimer(device), new AttemptTimedOut(attempt, limit), limit);
    }

    private bool IsRunning(TrialAttempt attempt) =>
        _running.TryGetValue(attempt.Device, out var r) && ReferenceEquals(r.Attempt, attempt);

    /// <summary>The running attempt ended with <paramref name="outcome"/>: it goes to the search with the slot held for it, or the slot is freed.</summary>
    private void End(TrialAttempt attempt, ISearchMessage outcome)
    {
        var device = attempt.Device;
        if (_running[device].MayHold && !_reclaimed.Contains(device)) Hold(device, attempt.Trial, outcome);
        else
        {
            _searches.Tell(outcome);
            FreeSlot(device);
        }
    }

    /// <summary>Keeps the slot for the attempt's search and sends the outcome with it.</summary>
    private void Hold(string device, TrialAssignment ended, ISearchMessage outcome)
    {
        RemoveRunning(device);
        _slots.Busy(device, false);
        _held[device] = new Held(ended, System.Diagnostics.Stopwatch.GetTimestamp());
        Timers.StartSingleTimer(HoldTimer(device), new HoldExpired(device, ended), HoldTimeout);
        var slot = new HeldSlot(new SlotId(_node, device), Self);
        _searches.Tell(outcome switch
        {
            TrialSucceeded s => s with { Held = slot },
            TrialAttemptFailed f => f with { Held = slot },
            _ => outcome,
        });
    }

    /// <summary>A held slot goes back to the dispatcher, idle since its attempt ended.</summary>
    private void GiveBack(string device)
    {
        if (!_held.TryGetValue(device, out var held)) return;
        DropHold(device);
        _reclaimed.Remove(device);
        var t = held.Ended;
        _dispatcher.Tell(new SlotFreed(new SlotId(_node, device), t.SearchId, t.TrialId, t.Attempt)
        {
            HeldForMs = System.Diagnostics.Stopwatch.GetElapsedTime(held.EndedAt).TotalMilliseconds,
        });
    }

    private void DropHold(string device)
    {
        if (_held.Remove(device)) Timers.Cancel(HoldTimer(device));
    }

    private static string HoldTimer(string device) => $"hold:{device}";

    private static string TimeoutTimer(string device) => $"timeout:{device}";

    private static bool IsEnded(TrialAssignment ended, string searchId, AttemptRef attempt) =>
        ended.SearchId == searchId && ended.TrialId == attempt.TrialId && ended.Attempt == attempt.Attempt;

    private void FreeSlot(string device)
    {
        if (RemoveRunning(device) is not { } t) return;
        _reclaimed.Remove(device);
        _slots.Busy(device, false);
        _dispatcher.Tell(new SlotFreed(new SlotId(_node, device), t.SearchId, t.TrialId, t.Attempt));
    }

    /// <summary>The slot's running attempt, no longer running there (its timeout timer cancelled), or null when none ran.</summary>
    private TrialAssignment? RemoveRunning(string device)
    {
        if (!_running.Remove(device, out var r)) return null;
        if (r.Attempt.Timeout is not null) Timers.Cancel(TimeoutTimer(device));
        return r.Attempt.Trial;
    }
}
