using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Event;
using ModelOpt.Cluster.Security;

namespace ModelOpt.Cluster.Hosting;

public static class ClusteringHostingExtensions
{
    /// <summary>
    /// Remoting on <paramref name="hostname"/>:<paramref name="port"/> (0: any free port) and cluster membership with
    /// <paramref name="roles"/>. With no seed nodes the node forms a cluster by joining itself (single-process mode).
    /// Split Brain Resolver: keep-majority — on a partition the side with more members stays up and the other side
    /// downs itself, so two halves never both run the dispatcher singleton or the same search (a tie keeps the side
    /// with the lowest address). <paramref name="downAfter"/> is how long membership must be stable before it decides
    /// (Akka's default, 20 s, when null); a crashed node's trials are requeued only after that.
    /// With <paramref name="bootstrapped"/>, Akka.Management cluster bootstrap forms or joins the cluster: no seed nodes, no self-join.
    /// With <paramref name="tls"/>, remoting is mutual TLS: this node presents its certificate and accepts a connection,
    /// in either direction, only from a peer whose certificate the cluster's CA issued; each refusal is logged. Its
    /// addresses are then <c>akka.ssl.tcp://</c>; seed nodes written as <c>akka.tcp://</c> are read as such, so one
    /// seed list serves with TLS and without.
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptClustering(
        this AkkaConfigurationBuilder builder, string hostname, int port, IReadOnlyList<string> seedNodes, IReadOnlyList<string> roles, TimeSpan? downAfter = null,
        bool bootstrapped = false, ClusterTls? tls = null)
    {
        if (downAfter is { } stable)
            builder.AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)stable.TotalMilliseconds}ms", HoconAddMode.Prepend);
        builder
            .WithRemoting(tls is null
                ? new RemoteOptions { HostName = hostname, Port = port }
                : new RemoteOptions { HostName = hostname, Port = port, EnableSsl = true, Ssl = MutualTls(tls) })
            .WithClustering(new ClusterOptions
            {
                Roles = [.. roles],
                SeedNodes = bootstrapped ? [] : [.. seedNodes.Select(seed => tls is null ? seed : SecureAddress(seed))],
                SplitBrainResolver = new KeepMajorityOption(),
            });
        if (seedNodes.Count == 0 && !bootstrapped)
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
    }

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
