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
    /// Split Brain Resolver: keep-majority — on a partition the side with more members stays up and the other side
    /// downs itself, so two halves never both run the dispatcher singleton or the same search (a tie keeps the side
    /// with the lowest address). <paramref name="downAfter"/> is how long membership must be stable before it decides
    /// (Akka's default, 20 s, when null); a crashed node's trials are requeued only after that.
    /// With <paramref name="bootstrapped"/>, Akka.Management cluster bootstrap forms or joins the cluster: no seed nodes, no self-join.
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptClustering(
        this AkkaConfigurationBuilder builder, string hostname, int port, IReadOnlyList<string> seedNodes, IReadOnlyList<string> roles, TimeSpan? downAfter = null, bool bootstrapped = false)
    {
        if (downAfter is { } stable)
            builder.AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)stable.TotalMilliseconds}ms", HoconAddMode.Prepend);
        builder
            .WithRemoting(hostname, port)
            .WithClustering(new ClusterOptions
            {
                Roles = [.. roles],
                SeedNodes = bootstrapped ? [] : [.. seedNodes],
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
}
