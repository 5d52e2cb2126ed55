using ModelOpt.Cluster.Searches.External;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches.External;

public sealed class ExternalLeasesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_lease_expires_after_its_duration_unless_renewed_and_only_its_own_attempt_renews_it()
    {
        var leases = new ExternalLeases(Lease, timeout: null);
        leases.Grant("t0001", 1, "client-a", null, T0);
        leases.Grant("t0002", 1, "client-b", null, T0);

        Assert.True(leases.Renew("t0001", 1, T0.AddSeconds(20)));
        Assert.False(leases.Renew("t0002", 2, T0.AddSeconds(20)));
        Assert.Empty(leases.Expire(T0.AddSeconds(29)));
        var expired = leases.Expire(T0.AddSeconds(30));
        var later = leases.Expire(T0.AddSeconds(50));

        var (trialId, attempt, kind, reason) = Assert.Single(expired);
        Assert.Equal(("t0002", 1, FailureKind.Lost), (trialId, attempt, kind));
        Assert.Equal("client client-b went silent: no report or heartbeat for 30s (its lease)", reason);
        Assert.Equal("t0001", Assert.Single(later).TrialId);
        Assert.Equal(0, leases.Count);
    }

    [Fact]
    public void The_trial_timeout_counts_from_the_attempts_start_however_often_it_is_renewed()
    {
        var leases = new ExternalLeases(Lease, timeout: TimeSpan.FromMinutes(1));
        leases.Grant("t0001", 1, "client-a", null, T0.AddSeconds(40), startedAt: T0);

        leases.Renew("t0001", 1, T0.AddSeconds(55));
        var expired = leases.Expire(T0.AddSeconds(60));

        Assert.Equal(FailureKind.Timeout, Assert.Single(expired).Kind);
    }

    [Fact]
    public void A_retried_ask_finds_its_trial_by_client_and_request_id_and_pruned_leases_are_gone()
    {
        var leases = new ExternalLeases(Lease, timeout: null);
        leases.Grant("t0001", 2, "client-a", "req-1", T0);
        leases.Grant("t0002", 1, "client-b", "req-1", T0);

        Assert.Equal(("t0001", 2), leases.HandedOut("client-a", "req-1"));
        Assert.Null(leases.HandedOut("client-a", "req-2"));
        leases.Prune((trialId, _) => trialId != "t0001");
        Assert.Null(leases.HandedOut("client-a", "req-1"));
        Assert.Equal(1, leases.Count);
    }
}
