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
/// One attempt of a trial on a worker's slot, run on a reused workload thread (<see cref="WorkloadThreads"/>) off the actor
/// threads, or right away when its workload never blocks. It is no actor: an actor per attempt (its creation, watch,
/// timer and stop) cost the worker more CPU than a no-op trial's whole path. The worker owns it, enforces the spec's
/// per-trial timeout (<see cref="Timeout"/>) even if the workload ignores cancellation, and gets the outcome as
/// <see cref="Ended"/>. Epoch reports go straight to the search, except the budget's last epoch's, which travels with the
/// outcome: the search then journals both, and the start of its next trial, in one write. On a slot with a trial
/// process (<see cref="SlotProcess"/>) the attempt runs there, except for <c>command</c> trials, which start their own.
/// </summary>
public sealed class TrialAttempt
{
    /// <summary>The workload has ended with <paramref name="Outcome"/> (its last report attached).</summary>
    public sealed record Ended(TrialAttempt Attempt, ISearchMessage Outcome);

    /// <summary>The attempt could not even start its workload (the worker fails it as a crash and frees the slot).</summary>
    public sealed record Crashed(TrialAttempt Attempt, Exception Error);

    private sealed record Outcome(TrialResult? Result, FailureKind? Kind, string? Reason, bool Cancelled);

    private readonly TrialAssignment _trial;
    private readonly IActorRef _searches;
    private readonly string _node;
    private readonly string? _checkpointRoot;
    private readonly WorkloadThreads _threads;
    private readonly SpecCache _specs;
    private readonly SlotProcess? _slotProcess;
    private readonly CancellationTokenSource _cancel = new();
    private Task? _run;

    /// <summary>The last epoch's report, set on the workload's thread and sent with the outcome.</summary>
    private EpochReport? _lastReport;

    /// <param name="node">The worker node's address, for telemetry.</param>
    /// <param name="specs">The worker's parsed specs and built workloads.</param>
    public TrialAttempt(string device, TrialAssignment trial, IActorRef searches, string node, string? checkpointRoot, WorkloadThreads threads, SpecCache specs, SlotProcess? slotProcess = null)
    {
        Device = device;
        _trial = trial;
        _searches = searches;
        _node = node;
        _checkpointRoot = checkpointRoot;
        _threads = threads;
        _specs = specs;
        _slotProcess = slotProcess;
    }

    public string Device { get; }

    public TrialAssignment Trial => _trial;

    /// <summary>The spec's per-trial timeout, known once <see cref="Start"/> has read the spec.</summary>
    public TimeSpan? Timeout { get; private set; }

    /// <summary>
    /// Whether the workload had ended when the attempt was stopped: the outcome crossed the stop, and the search judges
    /// whether it still counts; an attempt stopped while running reports nothing (the search ended the trial itself).
    /// </summary>
    public bool EndedBeforeStop { get; private set; }

    /// <summary>Starts the workload; <paramref name="worker"/> gets <see cref="Ended"/> or, if it could not start, <see cref="Crashed"/>.</summary>
    public void Start(IActorRef worker)
    {
        Task<Ended> run;
        try
        {
            var spec = _specs.Parse(_trial.SpecText);
            Timeout = spec.Trial.Timeout;
            var token = _cancel.Token;
            // A workload that never blocks, run in this process, is started right here: a thread hand-off would cost more
            // than such a trial. Everything else (and every wait on a slot's trial process) runs on a reused workload thread.
            var inProcess = _slotProcess is null || spec.Workload.Kind == CommandWorkload.Kind;
            run = inProcess && _specs.NeverBlocks(_trial.SpecText)
                ? RunAsync(spec, token)
                : _threads.Run(() => RunAsync(spec, token).GetAwaiter().GetResult());
        }
        catch (Exception e)
        {
            run = Task.FromException<Ended>(e);
        }
        _run = run;
        run.PipeTo(worker, failure: e => new Crashed(this, e));
    }

    /// <summary>A stop request: cancels the workload, which the worker no longer waits for.</summary>
    public void Stop()
    {
        EndedBeforeStop = _run is { IsCompleted: true };
        _cancel.Cancel();
    }

    /// <summary>Cancels the workload of an attempt that has been reported already (timed out) or whose worker is stopping.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>The attempt failed as <paramref name="kind"/> before its workload ended: that failure, with the last report.</summary>
    public TrialAttemptFailed Fail(FailureKind kind, string reason) =>
        new(_trial.SearchId, _trial.TrialId, _trial.Attempt, kind, reason) { LastReport = Interlocked.Exchange(ref _lastReport, null), Token = _trial.Token };

    private async Task<Ended> RunAsync(SearchSpec spec, CancellationToken token)
    {
        using var telemetry = TrialRunTelemetry.Start(_trial, _node, Device);
        var outcome = await RunWorkloadAsync(spec, token, telemetry);
        telemetry.End(outcome.Kind?.ToString() ?? (outcome.Cancelled ? "cancelled" : "succeeded"), outcome.Reason);
        return new Ended(this, Report(outcome));
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
                Device: WorkerDevices.TorchDevice(Device),
                CheckpointDir: store?.TrialDir(trial.SearchId, trial.TrialId),
                InitCheckpoint: init,
                StartEpoch: trial.StartEpoch,
                GpuMemoryCapBytes: spec.Trial.GpuMemoryBytes);
            var lastEpoch = spec.Budget.MaxEpochsPerTrial;
            void OnEpoch(EpochReport r)
            {
                telemetry.Epoch(r);
                var held = r.Epoch >= lastEpoch ? Interlocked.Exchange(ref _lastReport, r) : r;
                if (held is not null) searches.Tell(new TrialEpoch(trial.SearchId, trial.TrialId, trial.Attempt, held) { Token = trial.Token });
            }
            // Awaited, never waited on: a workload that never blocks runs on the worker's thread, and waiting there for
            // its epochs held that thread per busy slot (a hundred 1 s trials starved the whole node).
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
                $"trial.gpuMemory needs each trial in its own process, but slot {Device} runs trials on the worker's threads (--trial-isolation thread); use --trial-isolation auto or process");
        return _specs.Workload(_trial.SpecText).RunAsync(context, report, token);
    }

    private ISearchMessage Report(Outcome outcome) => outcome switch
    {
        { Result: { } result } => new TrialSucceeded(_trial.SearchId, _trial.TrialId, _trial.Attempt, result.Metrics)
        {
            Artifacts = SmallArtifacts.Of(result.Artifacts),
            LastReport = Interlocked.Exchange(ref _lastReport, null),
            Token = _trial.Token,
        },
        { Kind: { } kind } => Fail(kind, outcome.Reason ?? kind.ToString()),
        _ => Fail(FailureKind.Exception, "the workload was cancelled without a stop request"),
    };
}
