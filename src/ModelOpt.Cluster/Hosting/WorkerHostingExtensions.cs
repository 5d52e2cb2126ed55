using Akka.Hosting;
using ModelOpt.Cluster.Workers;

namespace ModelOpt.Cluster.Hosting;

public static class WorkerHostingExtensions
{
    /// <summary>The worker role: a <see cref="WorkerNode"/> offering <paramref name="slots"/> CPU slots.</summary>
    /// <param name="checkpoints">Root directory for trial checkpoints, or null for none.</param>
    public static AkkaConfigurationBuilder WithModelOptWorker(this AkkaConfigurationBuilder builder, int slots, string? checkpoints = null)
    {
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), slots, "a worker needs at least one slot");
        return builder.WithActors((system, registry) =>
            registry.Register<WorkerNodeKey>(system.ActorOf(
                WorkerNode.Props(slots, registry.Get<TrialDispatcherKey>(), registry.Get<SearchRegionKey>(), checkpoints), "worker")));
    }
}
