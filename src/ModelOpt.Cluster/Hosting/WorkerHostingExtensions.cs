using Akka.Hosting;
using ModelOpt.Cluster.Workers;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search;

namespace ModelOpt.Cluster.Hosting;

public static class WorkerHostingExtensions
{
    /// <summary>The worker role: a <see cref="WorkerNode"/> offering <paramref name="slots"/> CPU slots.</summary>
    /// <param name="catalog">Builds the workloads of the trials it runs.</param>
    /// <param name="checkpoints">Root directory for trial checkpoints, or null for none.</param>
    public static AkkaConfigurationBuilder WithModelOptWorker(this AkkaConfigurationBuilder builder, int slots, SearchCatalog catalog, string? checkpoints = null) =>
        builder.WithModelOptWorker(WorkerDevices.Resolve(slots, "none", () => 0), catalog, checkpoints);

    /// <summary>The worker role: a <see cref="WorkerNode"/> offering one slot per device (<c>cpu#0</c>, <c>cuda:0</c>, …).</summary>
    /// <param name="catalog">Builds the workloads of the trials it runs in this process.</param>
    /// <param name="isolation">Which slots run their trials in a trial process of their own; by default the GPU slots.</param>
    public static AkkaConfigurationBuilder WithModelOptWorker(this AkkaConfigurationBuilder builder, IReadOnlyList<string> devices, SearchCatalog catalog, string? checkpoints = null,
        TrialIsolationOptions? isolation = null)
    {
        if (devices.Count == 0) throw new ArgumentException("a worker needs at least one slot", nameof(devices));
        return builder.WithActors((system, registry) =>
        {
            registry.Register<WorkerNodeKey>(system.ActorOf(
                WorkerNode.Props(devices, catalog, registry.Get<TrialDispatcherKey>(), registry.Get<SearchRegionKey>(), checkpoints, isolation), "worker"));
            system.ActorOf(TrialFiles.Props(checkpoints), TrialFiles.Name);
        });
    }
}
