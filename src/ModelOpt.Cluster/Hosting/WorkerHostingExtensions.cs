using Akka.Hosting;
using ModelOpt.Cluster.Workers;
using ModelOpt.Cluster.Workers.Isolation;

namespace ModelOpt.Cluster.Hosting;

public static class WorkerHostingExtensions
{
    /// <summary>The worker role: a <see cref="WorkerNode"/> offering <paramref name="slots"/> CPU slots.</summary>
    /// <param name="checkpoints">Root directory for trial checkpoints, or null for none.</param>
    public static AkkaConfigurationBuilder WithModelOptWorker(this AkkaConfigurationBuilder builder, int slots, string? checkpoints = null) =>
        builder.WithModelOptWorker(WorkerDevices.Resolve(slots, "none", () => 0), checkpoints);

    /// <summary>The worker role: a <see cref="WorkerNode"/> offering one slot per device (<c>cpu#0</c>, <c>cuda:0</c>, …).</summary>
    /// <param name="isolation">Which slots run their trials in a trial process of their own; by default the GPU slots.</param>
    public static AkkaConfigurationBuilder WithModelOptWorker(this AkkaConfigurationBuilder builder, IReadOnlyList<string> devices, string? checkpoints = null,
        TrialIsolationOptions? isolation = null)
    {
        if (devices.Count == 0) throw new ArgumentException("a worker needs at least one slot", nameof(devices));
        return builder.WithActors((system, registry) =>
        {
            registry.Register<WorkerNodeKey>(system.ActorOf(
                WorkerNode.Props(devices, registry.Get<TrialDispatcherKey>(), registry.Get<SearchRegionKey>(), checkpoints, isolation), "worker"));
            system.ActorOf(TrialFiles.Props(checkpoints), TrialFiles.Name);
        });
    }
}
