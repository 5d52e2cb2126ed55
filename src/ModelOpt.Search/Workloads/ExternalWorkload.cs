using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// <c>workload: {kind: external, lease: 60s}</c>: trials are run by the user's own programs, which ask the search for a
/// trial, report each epoch and tell its result over the command endpoint, instead of by worker slots. A client holds
/// its trial for <see cref="Lease"/> after each report or heartbeat; one that stays silent longer loses the trial, which
/// is then requeued or failed like a trial whose worker was lost.
/// </summary>
public sealed class ExternalWorkload(TimeSpan lease) : ITrialWorkload
{
    public const string Kind = "external";

    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxLease = TimeSpan.FromHours(24);

    /// <summary>How long a client may go without a report or heartbeat before its trial is taken back.</summary>
    public TimeSpan Lease { get; } = lease;

    public static ExternalWorkload Create(WorkloadSpec spec, AlgorithmOptions options)
    {
        var lease = options.Duration("lease", DefaultLease, MinLease, MaxLease);
        options.RejectUnknown();
        options.ThrowIfInvalid();
        return new ExternalWorkload(lease);
    }

    /// <summary>
    /// The options of a spec whose workload is external, or null for any other kind. The spec was accepted already
    /// (perhaps by an older release), so an option that no longer reads falls back to its default instead of failing.
    /// </summary>
    public static ExternalWorkload? Of(SearchSpec spec) =>
        spec.Workload.Kind == Kind ? new ExternalWorkload(spec.Workload.ToOptions().Duration("lease", DefaultLease, MinLease, MaxLease)) : null;

    /// <summary>Searches of this kind never ask for worker slots, so a worker only gets here through a bug; it fails the trial plainly.</summary>
    public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken) =>
        throw new TrialFailedException(FailureKind.BadConfig,
            $"trial {context.TrialId} of an external search was sent to a worker; external trials are run by clients (ask/report/tell)");
}
