using Akka.Cluster.Hosting;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;

namespace ModelOpt.Node.Management;

public static class ManagementHostingExtensions
{
    public const int DefaultPort = 8558;
    public const string LivenessTag = "alive";
    public const string ReadinessTag = "ready";

    /// <summary>
    /// Akka.Management on <paramref name="port"/> (bound to the node's <paramref name="hostname"/>) serving the node's
    /// health checks (<see cref="HealthRoutes"/>: liveness = the actor system runs, readiness = this node is an Up cluster
    /// member), its metrics for Prometheus (<see cref="MetricsRoutes"/>) and, with <paramref name="discovery"/>, cluster bootstrap through Kubernetes or config discovery. The HTTP
    /// server is <see cref="ManagementServer"/>, started once the actor system runs; bootstrap starts after it. Without
    /// <paramref name="formsClusters"/> (a node that rejoins after it was downed) bootstrap only joins an existing cluster.
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptManagement(this AkkaConfigurationBuilder builder, string hostname, int port, DiscoveryOptions? discovery,
        bool formsClusters = true)
    {
        builder
            .WithActorSystemLivenessCheck(tags: [LivenessTag])
            .WithAkkaClusterReadinessCheck(tags: [ReadinessTag])
            .WithAkkaManagement(options =>
            {
                options.HostName = hostname;
                options.Port = port;
                options.BindHostName = hostname;
                options.BindPort = port;
                options.WithRouteProvider<HealthRoutes>("modelopt-health");
                options.WithRouteProvider<MetricsRoutes>("modelopt-metrics");
            })
            .AddStartup(async (system, _) =>
            {
                await ManagementServer.StartAsync(system, hostname, port);
                if (discovery is not null) await ClusterBootstrap.Get(system).Start();
            });
        if (discovery is null) return builder;
        builder.WithClusterBootstrap(options =>
        {
            options.ContactPointDiscovery.ServiceName = discovery.ServiceName;
            options.ContactPointDiscovery.PortName = discovery.PortName;
            options.ContactPointDiscovery.RequiredContactPointsNr = discovery.RequiredContactPoints;
            options.NewClusterEnabled = formsClusters;
        }, autoStart: false);
        return discovery.Method == DiscoveryOptions.Kubernetes
            ? builder.WithKubernetesDiscovery(options =>
            {
                options.PodLabelSelector = discovery.LabelSelector;
                options.PodNamespace = discovery.Namespace;
            })
            : builder.WithConfigDiscovery(options => options.Services.Add(new Service
            {
                Name = discovery.ServiceName,
                Endpoints = [.. discovery.Endpoints],
            }));
    }
}
