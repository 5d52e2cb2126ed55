using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using ModelOpt.Cluster.Membership;
using ModelOpt.Cluster.Security;

namespace ModelOpt.Cluster.Hosting;

public static class ClusteringHostingExtensions
{
    /// <summary>
    /// Remoting on <paramref name="hostname"/>:<paramref name="port"/> (0: any free port) and cluster membership with
    /// <paramref name="roles"/>. With no seed nodes the node forms a cluster by joining itself (single-process mode).
    /// Split Brain Resolver: keep-majority counted over coordinator members — on a partition the side holding most
    /// coordinators stays up and the other side downs itself (a tie keeps the side with the lowest coordinator
    /// address), so two halves never both run the dispatcher singleton or the same search, and a side without any
    /// coordinator, which could do nothing anyway, goes away and rejoins (see <see cref="RejoinReason"/>).
    /// <see cref="ClusteringOptions"/> tunes the failure detector, the resolver's wait and the rejoin watch.
    /// With <see cref="ClusteringOptions.Tls"/>, remoting is mutual TLS: this node presents its certificate and accepts a
    /// connection, in either direction, only from a peer whose certificate the cluster's CA issued; each refusal is
    /// logged. Its addresses are then <c>akka.ssl.tcp://</c>; seed nodes written as <c>akka.tcp://</c> are read as such,
    /// so one seed list serves with TLS and without.
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptClustering(
        this AkkaConfigurationBuilder builder, string hostname, int port, IReadOnlyList<string> seedNodes, IReadOnlyList<string> roles,
        ClusteringOptions? options = null)
    {
        options ??= new ClusteringOptions();
        // A restarted coordinator's way back (issue 13's ≤ 10 s failover) is a chain of periodic steps, each waiting for
        // its next tick; none of them decides that a node failed, so shorter ticks cost a few small messages and never a
        // false positive (failure detection and downing have their own settings, below and in docs/operations.md).
        // Its join waits until its old incarnation is removed and is retried after 1 s (Akka's 10 s). The leader
        // removes that incarnation and moves the new one Up on its next leader action, and gossip carries each change,
        // every 0.5 s instead of 1 s; unreachability is noticed within 0.5 s. Worker proxies look for the restarted
        // dispatcher every 0.5 s. Shard regions look for a new shard coordinator (and shards for their home) every
        // 0.5 s instead of 2 s, and retry a failed coordinator after 1 s instead of 5 s. Right after the removal the
        // members drop messages to that address for a few seconds, so a first seed keeps asking the others to let it in
        // for longer than Akka's 5 s before it forms a cluster of its own; a rejoining first seed waits for the other
        // seeds instead (see FormsOnlyAmongFreeSeeds).
        var seedNodeTimeout = options.Rejoining && IsFirstSeed(seedNodes, options.PublicHostname ?? hostname, options.PublicPort ?? port)
            ? FormsOnlyAmongFreeSeeds
            : "12s";
        builder.AddHocon($"""
            akka.cluster.retry-unsuccessful-join-after = 1s
            akka.cluster.gossip-interval = 500ms
            akka.cluster.leader-actions-interval = 500ms
            akka.cluster.unreachable-nodes-reaper-interval = 500ms
            akka.cluster.singleton-proxy.singleton-identification-interval = 500ms
            akka.cluster.seed-node-timeout = {seedNodeTimeout}
            akka.cluster.sharding.retry-interval = 500ms
            akka.cluster.sharding.coordinator-failure-backoff = 1s
            """, HoconAddMode.Prepend);
        // When reachability keeps changing, Akka's resolver would eventually down every node. A downed node here rejoins
        // but never forms a cluster (no second cluster on one journal), so that would leave no cluster until a process
        // is restarted by hand. The resolver waits for stable membership instead, however long the flapping lasts.
        builder.AddHocon("akka.cluster.split-brain-resolver.down-all-when-unstable = off", HoconAddMode.Prepend);
        if (options.DownAfter is { } stable)
            builder.AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)stable.TotalMilliseconds}ms", HoconAddMode.Prepend);
        builder
            .WithRemoting(options.Tls is not { } tls
                ? new RemoteOptions { HostName = hostname, Port = port, PublicHostName = options.PublicHostname, PublicPort = options.PublicPort }
                : new RemoteOptions
                {
                    HostName = hostname, Port = port, PublicHostName = options.PublicHostname, PublicPort = options.PublicPort,
                    EnableSsl = true, Ssl = MutualTls(tls),
                })
            .WithClustering(new ClusterOptions
            {
                Roles = [.. roles],
                SeedNodes = options.Bootstrapped ? [] : [.. seedNodes.Select(seed => options.Tls is null ? seed : SecureAddress(seed))],
                SplitBrainResolver = new KeepMajorityOption { Role = CoordinatorHostingExtensions.CoordinatorRole },
                FailureDetector = options.HeartbeatPause is { } pause
                    ? new PhiAccrualFailureDetectorOptions { AcceptableHeartbeatPause = pause }
                    : null,
            });
        if (seedNodes.Count == 0 && !options.Bootstrapped && !options.Rejoining)
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        if (options.RejoinAfter is { } rejoinAfter)
            builder.WithActors((system, _) =>
            {
                // Twice the rejoin wait: a leader that knows a joining node moves it on within seconds, and seeds let a
                // node in within seconds (see JoinWatch).
                system.ActorOf(JoinWatch.Props(rejoinAfter * 2, watchesUnwelcomed: !options.Bootstrapped), "join-watch");
                if (!roles.Contains(CoordinatorHostingExtensions.CoordinatorRole))
                    system.ActorOf(CoordinatorWatch.Props(CoordinatorHostingExtensions.CoordinatorRole, rejoinAfter), "coordinator-watch");
            });
        return builder;
    }

    /// <summary>
    /// The seed-node timeout of a first seed that rejoins after it was downed: longer than any outage, so it never forms a
    /// cluster because the other seeds were silent (they may be a cluster on the far side of a partition, and a second
    /// cluster would write the same journal). Akka's first-seed process still forms one at once when every other seed
    /// answers that it is in no cluster: all of them are alive, reachable and rejoining too, which happens when the only
    /// coordinator was downed (by an operator, or by the resolver among indirectly connected nodes) and the workers, left
    /// without a coordinator, downed themselves. Without this, every node rejoined and none formed a cluster, for good.
    /// Until then it joins whichever cluster a seed acknowledges, as any node does.
    /// </summary>
    private const string FormsOnlyAmongFreeSeeds = "3650d";

    private static bool IsFirstSeed(IReadOnlyList<string> seeds, string host, int port) =>
        seeds.Count > 1 && Uri.TryCreate(seeds[0], UriKind.Absolute, out var uri) && uri.Host == host && uri.Port == port;

    private const string PlainScheme = "akka.tcp://";
    private const string TlsScheme = "akka.ssl.tcp://";

    private static string SecureAddress(string address) =>
        address.StartsWith(PlainScheme, StringComparison.Ordinal) ? TlsScheme + address[PlainScheme.Length..] : address;

    private static SslOptions MutualTls(ClusterTls tls) => new()
    {
        X509Certificate = tls.Certificate,
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        // Nodes come and go at addresses no certificate names; membership is proven by the CA's signature.
        ValidateCertificateHostname = false,
        CustomValidator = (certificate, _, peer, errors, log) =>
            tls.Accepts(certificate, errors, why => log.Warning("Remoting refused {0}: {1}", peer, why)),
    };
}

/// <summary>
/// Membership settings of a node. <see cref="DownAfter"/>: how long membership must be stable before the split brain
/// resolver downs unreachable members (Akka's 20 s when null). <see cref="HeartbeatPause"/>: how long heartbeats may be
/// missing before a member counts as unreachable (Akka's 3 s when null). <see cref="RejoinAfter"/>: a node without the
/// coordinator role that sees no coordinator for this long rejoins (<see cref="CoordinatorWatch"/>), and any node not yet
/// Up that no reachable member has seen, or that no seed let in, for twice as long rejoins (<see cref="JoinWatch"/>); null: never.
/// <see cref="PublicHostname"/>/<see cref="PublicPort"/>: the address other nodes reach this one at, when it differs from
/// the bound one (a proxy, NAT). <see cref="Bootstrapped"/>: Akka.Management cluster bootstrap forms or joins the
/// cluster (no seed nodes, no self-join). <see cref="Rejoining"/>: the node was downed and joins again; it forms a
/// cluster only as the first seed and only when every other seed says it is in none (see <see cref="Membership.RejoinReason"/>). <see cref="Tls"/>: mutual TLS on remoting (null: plain TCP).
/// </summary>
public sealed record ClusteringOptions
{
    public TimeSpan? DownAfter { get; init; }
    public TimeSpan? HeartbeatPause { get; init; }
    public TimeSpan? RejoinAfter { get; init; }
    public string? PublicHostname { get; init; }
    public int? PublicPort { get; init; }
    public bool Bootstrapped { get; init; }
    public bool Rejoining { get; init; }
    public ClusterTls? Tls { get; init; }
}
