using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// Runs one attempt of a trial on a dedicated thread (one of the worker's <see cref="WorkloadThreads"/>), off the actor threads. Epoch reports go straight to the search;
/// the outcome (metrics, or a failure with its kind) goes to the worker, which sends it to the search and frees or holds the slot.
/// The spec's per-trial timeout is enforced here even if the workload ignores cancellation. On a slot with a trial process
/// (<see cref="SlotProcess"/>) the attempt runs there, except for <c>command</c> trials, which start their own process anyway.
/// The report of the budget's last epoch travels with the outcome instead of ahead of it: the search then journals
/// both, and the start of its next trial, in one write, where a report ahead of its result cost a commit of its own
/// on the slot's path (a search keeps one write in flight). A stop request cancels the workload; the worker has already released the slot, so the runner only waits for the
/// workload to unwind and then stops, reporting nothing (the search ended the trial itself).
/// </summary>
public sealed class TrialRunner : ReceiveActor, IWithTimers
{
    /// <summary>
    /// Sent to the worker, which stops the runner and sends <paramref name="Outcome"/> on to the search (with the slot
    /// when it keeps it for that search), when the attempt has ended. A null outcome: the runner reported nothing.
    /// </summary>
    public sealed record Finished(string Device, ISearchMessage? Outcome = null);

    public sealed record Stop;

    private sealed record Outcome(TrialResult? Result, FailureKind? Kind, string? Reason, bool Cancelled);

    private sealed record TimedOut(TimeSpan Limit);

    private readonly string _device;
    private readonly TrialAssignment _trial;
    private readonly IActorRef _searches;
    private readonly string? _checkpointRoot;
    private readonly WorkloadThreads _threads;
    private readonly SpecCache _specs;
    private readonly SlotProcess? _slotProcess;
    private readonly CancellationTokenSource _cancel = new();
    private bool _ended;

    /// <summary>The last epoch's report, set on the workload's thread and sent with the outcome.</summary>
    private EpochReport? _lastReport;

    public ITimerScheduler Timers { get; set; } = null!;

    public TrialRunner(string device, TrialAssignment trial, IActorRef searches, string? checkpointRoot, WorkloadThreads threads, SpecCache specs, SlotProcess? slotProcess = null)
    {
        _threads = threads;
        _specs = specs;
        _device = device;
        _trial = trial;
        _searches = searches;
        _checkpointRoot = checkpointRoot;
        _slotProcess = slotProcess;
        Receive<Outcome>(Report);
        Receive<TimedOut>(t =>
        {
            EndWith(new TrialAttemptFailed(_trial.SearchId, _trial.TrialId, _trial.Attempt, FailureKind.Timeout, $"attempt {_trial.Attempt} ran longer than the trial timeout of {t.Limit}"));
            _cancel.Cancel();
        });
        Receive<Stop>(_ =>
        {
            _ended = true;
            _cancel.Cancel();
        });
    }

    /// <param name="specs">The worker's parsed specs and built workloads.</param>
    public static Props Props(string device, TrialAssignment trial, IActorRef searches, string? checkpointRoot, WorkloadThreads threads, SpecCache specs, SlotProcess? slotProcess = null) =>
        Akka.Actor.Props.Create(() => new TrialRunner(device, trial, searches, checkpointRoot, threads, specs, slotProcess));

    protected override void PreStart()
    {
        var spec = _specs.Parse(_trial.SpecText);
        if (spec.Trial.Timeout is { } timeout) Timers.StartSingleTimer("timeout", new TimedOut(timeout), timeout);
        var token = _cancel.Token;
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        // A workload that never blocks, run in this process, is started right here: a thread hand-off would cost more
        // than such a trial. Everything else (and every wait on a slot's trial process) runs on a reused workload thread.
        var inProcess = _slotProcess is null || spec.Workload.Kind == CommandWorkload.Kind;
        var run = inProcess && _specs.NeverBlocks(_trial.SpecText)
            ? RunAsync(spec, token, node)
            : _threads.Run(() => RunAsync(spec, token, node).GetAwaiter().GetResult());
        run.PipeTo(Self);
    }

    protected override void PostStop() => _cancel.Cancel();

    private async Task<Outcome> RunAsync(SearchSpec spec, CancellationToken token, string node)
    {
        using var telemetry = TrialRunTelemetry.Start(_trial, node, _device);
        var outcome = await RunWorkloadAsync(spec, token, telemetry);
        telemetry.End(outcome.Kind?.ToString() ?? (outcome.Cancelled ? "cancelled" : "succeeded"), outcome.Reason);
        return outcome;
    }

    private async Task<Outcome> RunWorkloadAsync(SearchSpec spec, CancellationToken token, TrialRunTelemetry telemetry)
    {
        var searches = _searches;
        var trial = _trial;
        try
        {
            var store = _checkpointRoot is null ? null : new CheckpointDirectory(_checkpointRoot);
            var init = store is not null && trial.InitFromTrial is { } from ? store.CopyForExploit(trial.SearchId, from, trial.TrialId, trial.Attempt) : null;
            // Without the source's weights the attempt would train from scratch while counting on from the exploit's epoch.
            if (trial.InitFromTrial is { } source && init is null)
                throw new TrialFailedException(FailureKind.BadConfig, store is null
                    ? $"PBT exploit of {source}: this worker has no shared checkpoint directory (node option --checkpoints), so the trial cannot continue from {source}'s weights at epoch {trial.StartEpoch}"
                    : $"PBT exploit of {source}: {source} wrote no checkpoint under the shared directory, so the trial cannot continue from its weights at epoch {trial.StartEpoch}");
            var context = new TrialContext(trial.SearchId, trial.TrialId, trial.Config, spec.Budget.MaxEpochsPerTrial, trial.Seed,
                Device: WorkerDevices.TorchDevice(_device),
                CheckpointDir: store?.TrialDir(trial.SearchId, trial.TrialId),
                InitCheckpoint: init,
                StartEpoch: trial.StartEpoch,
                GpuMemoryCapBytes: spec.Trial.GpuMemoryBytes);
            var lastEpoch = spec.Budget.MaxEpochsPerTrial;
            void OnEpoch(EpochReport r)
            {
                telemetry.Epoch(r);
                var held = r.Epoch >= lastEpoch ? Interlocked.Exchange(ref _lastReport, r) : r;
                if (held is not null) searches.Tell(new TrialEpoch(trial.SearchId, trial.TrialId, trial.Attempt, held));
            }
            // Awaited, never waited on: a workload that never blocks runs on the actor's thread-pool thread, and waiting
            // there for its epochs held one pool thread per busy slot (a hundred 1 s trials starved the whole node).
            var result = spec.Workload.Kind == CommandWorkload.Kind || _slotProcess is null
                ? await RunHereAsync(spec, context, OnEpoch, token)
                : await _slotProcess.RunAsync(trial.SpecText, context, OnEpoch, token);
            return new Outcome(result, null, null, false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new Outcome(null, null, null, true);
        }
        catch (Exception e)
        {
            var (kind, reason) = TrialFailures.Classify(e);
            return new Outcome(null, kind, reason, false);
        }
    }

    /// <summary>On a thread of this process, where a GPU memory cap cannot be applied to one trial alone.</summary>
    private Task<TrialResult> RunHereAsync(SearchSpec spec, TrialContext context, Action<EpochReport> report, CancellationToken token)
    {
        if (context.GpuMemoryCapBytes is not null && context.Device != "cpu" && spec.Workload.Kind != CommandWorkload.Kind)
            throw new TrialFailedException(FailureKind.BadConfig,
                $"trial.gpuMemory needs each trial in its own process, but slot {_device} runs trials on the worker's threads (--trial-isolation thread); use --trial-isolation auto or process");
        return _specs.Workload(_trial.SpecText).RunAsync(context, report, token);
    }

    private void Report(Outcome outcome)
    {
        if (!_ended)
        {
            ISearchMessage message = outcome switch
            {
                { Result: { } result } => new TrialSucceeded(_trial.SearchId, _trial.TrialId, _trial.Attempt, result.Metrics) { Artifacts = SmallArtifacts.Of(result.Artifacts) },
                { Kind: { } kind } => new TrialAttemptFailed(_trial.SearchId, _trial.TrialId, _trial.Attempt, kind, outcome.Reason ?? kind.ToString()),
                _ => new TrialAttemptFailed(_trial.SearchId, _trial.TrialId, _trial.Attempt, FailureKind.Exception, "the workload was cancelled without a stop request"),
            };
            EndWith(message);
            return;
        }
        Context.Stop(Self);
    }

    private void EndWith(ISearchMessage message)
    {
        if (_ended) return;
        _ended = true;
        Timers.CancelAll();
        var last = Interlocked.Exchange(ref _lastReport, null);
        Context.Parent.Tell(new Finished(_device, message switch
        {
            TrialSucceeded s => s with { LastReport = last },
            TrialAttemptFailed f => f with { LastReport = last },
            _ => message,
        }));
    }
}
