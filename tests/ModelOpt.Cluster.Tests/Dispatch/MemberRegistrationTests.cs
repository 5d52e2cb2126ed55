using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Membership;
using ModelOpt.Cluster.Tests.Support;
using Xunit;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ModelOpt.Cluster.Tests.Dispatch;

/// <summary>
/// Two actor systems over real remoting in one process. Seen in CI: a worker welcomed by a member that died before
/// passing its join on registered its slot while the coordinator never counted it as a member, took a requeued trial,
/// and its result never reached the search.
/// </summary>
public sealed class MemberRegistrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private IHost _coordinator = null!;
    private IHost _outsider = null!;

    public async Task InitializeAsync()
    {
        _coordinator = await StartAsync(joinsItself: true);
        _outsider = await StartAsync(joinsItself: false);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _outsider, _coordinator })
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task A_worker_registers_only_once_its_node_is_a_member()
    {
        var coordinator = _coordinator.Services.GetRequiredService<ActorSystem>();
        var outsider = _outsider.Services.GetRequiredService<ActorSystem>();
        await Eventually.HoldsAsync(() => AkkaCluster.Get(coordinator).SelfMember.Status == Akka.Cluster.MemberStatus.Up, Deadline, "the coordinator is not up");
        coordinator.ActorOf(TrialDispatcher.Props(ActorRefs.Nobody), "dispatcher");
        var dispatcher = await outsider.ActorSelection(new RootActorPath(AkkaCluster.Get(coordinator).SelfAddress) / "user" / "dispatcher")
            .ResolveOne(Deadline);
        var worker = Inbox.Create(outsider);
        var node = AkkaCluster.Get(outsider).SelfAddress.ToString();

        // Both go over one association, in order: the slot list answers after the registration was handled.
        worker.Send(dispatcher, new RegisterWorker(worker.Receiver, node, ["cpu#0"], []));
        worker.Send(dispatcher, new GetSlots());
        var slots = Assert.IsType<SlotList>(await worker.ReceiveAsync(Deadline));
        Assert.Empty(slots.Slots);

        AkkaCluster.Get(outsider).Join(AkkaCluster.Get(coordinator).SelfAddress);
        await Eventually.HoldsAsync(() => AkkaCluster.Get(coordinator).State.Members.Any(m => m.Address.ToString() == node && m.Status == Akka.Cluster.MemberStatus.Up),
            Deadline, "the outsider did not become a member");
        worker.Send(dispatcher, new RegisterWorker(worker.Receiver, node, ["cpu#0"], []));
        Assert.IsType<WorkerRegistered>(await worker.ReceiveAsync(Deadline));
        worker.Send(dispatcher, new GetSlots());
        Assert.Equal(node, Assert.Single(Assert.IsType<SlotList>(await worker.ReceiveAsync(Deadline)).Slots).Node);
    }

    private static async Task<IHost> StartAsync(bool joinsItself)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka("modelopt", akka => akka
            .ConfigureLoggers(l => l.LogLevel = Akka.Event.LogLevel.WarningLevel)
            .AddModelOptSerialization()
            .WithModelOptClustering("127.0.0.1", 0, [], [CoordinatorHostingExtensions.CoordinatorRole],
                new ClusteringOptions { Bootstrapped = !joinsItself }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
