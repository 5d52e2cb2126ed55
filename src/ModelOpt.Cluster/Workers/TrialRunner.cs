using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// Runs one attempt of a trial on a dedicated thread (one of the worker's <see cref="WorkloadThreads"/>), off the actor threads. Epoch reports go straight to the search;
/// the outcome (metrics, or a failure with its kind) goes to the search and then to the worker, which frees the slot.
/// The spec's per-trial timeout is enforced here even if the workload ignores cancellation.
/// A stop request cancels the workload; the worker has already released the slot, so the runner only waits for the
/// workload to unwind and then stops, reporting nothing (the search ended the trial itself).
/// </summary>
public sealed class TrialRunner : ReceiveActor, IWithTimers
{
    /// <summary>Sent to the worker, which stops the runner, when the attempt has ended and its outcome was reported.</summary>
    public sealed record Finished(string Device);

    public sealed record Stop;

    private sealed record Outcome(TrialResult? Result, FailureKind? Kind, string? Reason, bool Cancelled);

    private sealed record TimedOut(TimeSpan Limit);

    private readonly string _device;
    private readonly TrialAssignment _trial;
    private readonly IActorRef _searches;
    private readonly string? _checkpointRoot;
    private readonly WorkloadThreads _threads;
    private readonly CancellationTokenSource _cancel = new();
    private bool _ended;

    public ITimerScheduler Timers { get; set; } = null!;

    public TrialRunner(string device, TrialAssignment trial, IActorRef searches, string? checkpointRoot, WorkloadThreads threads)
    {
        _threads = threads;
        _device = device;
        _trial = trial;
        _searches = searches;
        _checkpointRoot = checkpointRoot;
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

    public static Props Props(string device, TrialAssignment trial, IActorRef searches, string? checkpointRoot, WorkloadThreads threads) =>
        Akka.Actor.Props.Create(() => new TrialRunner(device, trial, searches, checkpointRoot, threads));

    protected override void PreStart()
    {
        var spec = SpecCache.Parse(_trial.SpecText);
        if (spec.Trial.Timeout is { } timeout) Timers.StartSingleTimer("timeout", new TimedOut(timeout), timeout);
        var token = _cancel.Token;
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        // A workload that never blocks is started right here: a thread hand-off would cost more than such a trial.
        var run = SpecCache.NeverBlocks(_trial.SpecText)
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
            var store = _checkpointRoot is null ? null : new CheckpointStore(_checkpointRoot);
            var init = store is not null && trial.InitFromTrial is { } from ? store.CopyForExploit(trial.SearchId, from, trial.TrialId, trial.Attempt) : null;
            var context = new TrialContext(trial.SearchId, trial.TrialId, trial.Config, spec.Budget.MaxEpochsPerTrial, trial.Seed,
                Device: WorkerDevices.TorchDevice(_device),
                CheckpointDir: store?.TrialDir(trial.SearchId, trial.TrialId),
                InitCheckpoint: init,
                StartEpoch: trial.StartEpoch);
            var workload = SpecCache.Workload(trial.SpecText);
            var result = await workload.RunAsync(context, r =>
                {
                    telemetry.Epoch(r);
                    searches.Tell(new TrialEpoch(trial.SearchId, trial.TrialId, trial.Attempt, r));
                }, token);
            return new Outcome(result, null, null, false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new Outcome(null, null, null, true);
        }
        catch (TrialFailedException e)
        {
            return new Outcome(null, e.Kind, e.Message, false);
        }
        catch (SpecException e)
        {
            return new Outcome(null, FailureKind.BadConfig, e.Message, false);
        }
        catch (OutOfMemoryException e)
        {
            return new Outcome(null, FailureKind.OutOfMemory, e.Message, false);
        }
        catch (Exception e)
        {
            return new Outcome(null, FailureKind.Exception, $"{e.GetType().Name}: {e.Message}", false);
        }
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
        _searches.Tell(message);
        Context.Parent.Tell(new Finished(_device));
    }
}
