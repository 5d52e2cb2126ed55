using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches.External;

/// <summary>
/// The leases of an external search's running trials: which client holds which attempt, until when. Kept in memory by
/// the search entity and never journaled (heartbeats would flood the journal): after a coordinator restart every
/// running trial gets a fresh lease, so a live client carries on and a dead one loses its trial one lease later.
/// Time is passed in, never read.
/// </summary>
public sealed class ExternalLeases(TimeSpan lease, TimeSpan? timeout)
{
    private sealed record Lease(int Attempt, string Client, string? RequestId, DateTimeOffset StartedAt, DateTimeOffset ExpiresAt);

    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public TimeSpan Duration => lease;

    public int Count => _leases.Count;

    /// <summary>
    /// <paramref name="client"/> holds <paramref name="attempt"/> of <paramref name="trialId"/> from <paramref name="now"/>;
    /// <paramref name="startedAt"/> is when the attempt began (for the trial timeout), <paramref name="now"/> when not given.
    /// </summary>
    public void Grant(string trialId, int attempt, string client, string? requestId, DateTimeOffset now, DateTimeOffset? startedAt = null) =>
        _leases[trialId] = new Lease(attempt, client, requestId, startedAt ?? now, now + lease);

    /// <summary>Extends the lease of a live attempt; false when that attempt holds none.</summary>
    public bool Renew(string trialId, int attempt, DateTimeOffset now)
    {
        if (!_leases.TryGetValue(trialId, out var held) || held.Attempt != attempt) return false;
        _leases[trialId] = held with { ExpiresAt = now + lease };
        return true;
    }

    /// <summary>The trial an earlier ask of this client and request id was given, while its lease lives.</summary>
    public (string TrialId, int Attempt)? HandedOut(string client, string requestId)
    {
        foreach (var (trialId, held) in _leases)
            if (held.Client == client && held.RequestId == requestId) return (trialId, held.Attempt);
        return null;
    }

    /// <summary>Drops leases whose attempt is no longer running (it ended, or was requeued).</summary>
    public void Prune(Func<string, int, bool> isRunning)
    {
        foreach (var (trialId, held) in _leases.ToList())
            if (!isRunning(trialId, held.Attempt)) _leases.Remove(trialId);
    }

    /// <summary>Removes and returns the attempts whose lease ran out, or whose trial timeout passed, with the failure each becomes.</summary>
    public IReadOnlyList<(string TrialId, int Attempt, FailureKind Kind, string Reason)> Expire(DateTimeOffset now)
    {
        var expired = new List<(string, int, FailureKind, string)>();
        foreach (var (trialId, held) in _leases.ToList())
        {
            if (timeout is { } limit && now - held.StartedAt >= limit)
                expired.Add((trialId, held.Attempt, FailureKind.Timeout, $"client {held.Client} did not finish within the trial timeout of {Format(limit)}"));
            else if (now >= held.ExpiresAt)
                expired.Add((trialId, held.Attempt, FailureKind.Lost, $"client {held.Client} went silent: no report or heartbeat for {Format(lease)} (its lease)"));
            else continue;
            _leases.Remove(trialId);
        }
        return expired;
    }

    private static string Format(TimeSpan duration) => ModelOpt.Search.Specs.DurationFormat.Format(duration);
}
