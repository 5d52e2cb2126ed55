using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// Turns a configuration into per-epoch reports. Runs off the actor threads; honours <see cref="CancellationToken"/>
/// within one step (epoch for cheap workloads, training step for TorchSharp). Failures are thrown as
/// <see cref="TrialFailedException"/> with their kind. A worker builds one instance per search spec and runs all of
/// that search's trials on it, several at once: keep per-trial state inside <see cref="RunAsync"/>.
/// </summary>
public interface ITrialWorkload
{
    Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="RunAsync"/> never blocks its caller: it computes in microseconds or only awaits (synthetic
    /// functions, simulated curves). The worker then starts it on an actor thread instead of handing it to a dedicated
    /// thread, which for such trials costs more than the trial itself. Training and anything else that may block: false.
    /// </summary>
    bool NeverBlocks => false;
}

/// <summary>Everything a workload needs to run one trial.</summary>
/// <param name="StartEpoch">Epochs already done (resume or PBT exploit); the first report is StartEpoch + 1.</param>
/// <param name="InitCheckpoint">A checkpoint directory to initialize from (resume, PBT, transfer), or null.</param>
/// <param name="CheckpointDir">Where this trial writes its checkpoints, or null for none.</param>
/// <param name="Device">"cpu" or "cuda:N".</param>
/// <param name="GpuMemoryCapBytes">The spec's <c>trial.gpuMemory</c>: the most GPU memory the trial may allocate; null for no cap.</param>
public sealed record TrialContext(
    string SearchId,
    string TrialId,
    Config Config,
    int MaxEpochs,
    ulong Seed,
    string Device = "cpu",
    int Threads = 1,
    string? CheckpointDir = null,
    string? InitCheckpoint = null,
    int StartEpoch = 0,
    long? GpuMemoryCapBytes = null);

/// <summary>Metrics after one epoch (train/validation loss, accuracy, ...), with the epoch's wall time.</summary>
public sealed record EpochReport(int Epoch, IReadOnlyDictionary<string, double> Metrics, double Seconds);

/// <summary>The end of a trial: final metrics (e.g. test metrics) and any artefacts (confusion matrix, checkpoint paths).</summary>
public sealed record TrialResult(IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string>? Artifacts = null);

public enum FailureKind { Exception, NonFiniteLoss, OutOfMemory, BadConfig, Timeout, Crash, Lost }

/// <summary>A trial failure with its kind and a plain explanation.</summary>
public sealed class TrialFailedException(FailureKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public FailureKind Kind { get; } = kind;
}
