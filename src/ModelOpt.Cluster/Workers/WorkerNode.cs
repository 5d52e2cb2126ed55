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
/// singleton is gone, and runs a <see cref="TrialRunner"/> child per attempt. A runner that crashes becomes a
/// <see cref="FailureKind.Crash"/> failure of its attempt; the slot is freed and the node keeps serving. Slots that
/// isolate their trials (<see cref="TrialIsolationOptions"/>) get a trial process each, started with the worker and
/// killed when it stops.
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

    private sealed record Running(IActorRef Runner, TrialAssignment Trial);

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
    private readonly Dictionary<IActorRef, string> _crashes = [];

    /// <summary>Each live runner's device, so a runner's end is matched without scanning every slot.</summary>
    private readonly Dictionary<IActorRef, string> _runnerDevices = [];
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
        _slots.Withdraw();
        _slotProcesses.Dispose();
        _threads.Dispose();
        _gpuTelemetry?.Dispose();
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _crashes[Sender] = $"{e.GetType().Name}: {e.Message}";
        return Directive.Stop;
    });

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
                _searches.Tell(new TrialAttemptFailed(r.Trial.SearchId, r.Trial.TrialId, r.Trial.Attempt, FailureKind.Lost, $"slot {r.Device} on {_node} is busy"));
                return;
            }
            var runner = Context.Watch(Context.ActorOf(TrialRunner.Props(r.Device, r.Trial, _searches, _checkpointRoot, _threads, _specs, _slotProcesses.For(r.Device))));
            _running[r.Device] = new Running(runner, r.Trial);
            _slots.Busy(r.Device, true);
            _runnerDevices[runner] = r.Device;
        });
        Receive<StopTrial>(s =>
        {
            var entry = _running.FirstOrDefault(kv => kv.Value.Trial.SearchId == s.SearchId && kv.Value.Trial.TrialId == s.TrialId && kv.Value.Trial.Attempt == s.Attempt);
            if (entry.Value is null) return;
            entry.Value.Runner.Tell(new TrialRunner.Stop());
            FreeSlot(entry.Key);
        });
        Receive<TrialRunner.Finished>(f =>
        {
            if (_running.TryGetValue(f.Device, out var r) && r.Runner.Equals(Sender)) FreeSlot(f.Device);
            Context.Stop(Sender);
        });
        Receive<Terminated>(t =>
        {
            var crash = _crashes.Remove(t.ActorRef, out var reason) ? reason : null;
            if (!_runnerDevices.Remove(t.ActorRef, out var device) || !_running.TryGetValue(device, out var entry) || !entry.Runner.Equals(t.ActorRef)) return;
            var trial = entry.Trial;
            _searches.Tell(new TrialAttemptFailed(trial.SearchId, trial.TrialId, trial.Attempt, FailureKind.Crash,
                crash is null ? "the trial runner stopped unexpectedly" : $"the trial runner crashed: {crash}"));
            FreeSlot(device);
        });
    }

    private List<RunningAttempt> RunningAttempts() =>
        [.. _running.Select(kv => new RunningAttempt(kv.Key, kv.Value.Trial.SearchId, kv.Value.Trial.TrialId, kv.Value.Trial.Attempt))];

    private void FreeSlot(string device)
    {
        if (!_running.Remove(device, out var r)) return;
        _slots.Busy(device, false);
        _dispatcher.Tell(new SlotFreed(new SlotId(_node, device), r.Trial.SearchId, r.Trial.TrialId, r.Trial.Attempt));
    }
}
