using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace ModelOpt.Cluster.Hosting;

public static class ClusteringHostingExtensions
{
    /// <summary>
    /// Remoting on <paramref name="hostname"/>:<paramref name="port"/> (0: any free port) and cluster membership with
    /// <paramref name="roles"/>. With no seed nodes the node forms a cluster by joining itself (single-process mode).
    /// Split Brain Resolver: keep-majority — on a partition the side with more members stays up and the minority
    /// downs itself, so two halves never both run the singleton dispatcher (a tie keeps the side with the lowest address).
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptClustering(
        this AkkaConfigurationBuilder builder, string hostname, int port, IReadOnlyList<string> seedNodes, IReadOnlyList<string> roles)
    {
        builder
            .WithRemoting(hostname, port)
            .WithClustering(new ClusterOptions
            {
                Roles = [.. roles],
                SeedNodes = [.. seedNodes],
                SplitBrainResolver = new KeepMajorityOption(),
            });
        if (seedNodes.Count == 0)
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
    }
}
