using ModelOpt.Client.Models;
using ModelOpt.Faults.Nodes;
using ModelOpt.Faults.Workloads;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ModelOpt.Faults.Tests;

/// <summary>Membership healing with real node processes on loopback (ports 20100-20199).</summary>
[Trait("Category", "Faults")]
public sealed class MembershipTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>
    /// The reproduction: the coordinator is the only seed (as deploy/local-cluster.sh and compose had it), it is
    /// killed with SIGKILL and restarted with the same journal. It forms a new cluster of its own; the workers, having
    /// downed the old coordinator, sit in a cluster without one. They must find their way to the new one by themselves.
    /// </summary>
    [Fact]
    public async Task Workers_rejoin_a_restarted_coordinator_that_was_the_only_seed()
    {
        await using var cluster = new LabCluster(System.IO.Directory.CreateTempSubdirectory("mft-membership-").FullName);
        var seeds = new[] { "akka.tcp://modelopt@127.0.0.1:20101" };
        var coordinator = cluster.Add(new NodeSpec("coordinator", "coordinator") { Port = 20101, CommandPort = 20110, Seeds = seeds, DownAfter = TimeSpan.FromSeconds(2) });
        cluster.Add(new NodeSpec("worker-1", "worker") { Port = 20102, Seeds = seeds, DownAfter = TimeSpan.FromSeconds(2) });
        cluster.Add(new NodeSpec("worker-2", "worker") { Port = 20103, Seeds = seeds, DownAfter = TimeSpan.FromSeconds(2) });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitForSlotsAsync(2, Deadline);

        var id = await cluster.SubmitAsync(FaultSpecs.Command("rejoin", trials: 8, concurrent: 2, epochs: 1, epochSeconds: 1, cluster.Directory), Deadline);
        await cluster.WaitForSearchAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline);
        coordinator.Kill();
        coordinator.Start();

        var done = await cluster.WaitForSearchAsync(id, s => !s.IsRunning, Deadline);
        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        await cluster.WaitForSlotsAsync(2, Deadline);
        cluster.KeepDirectory = false;
    }

    /// <summary>
    /// A node restarted soon after a crash finds its management port still held (closed connections of its previous
    /// run linger in TIME_WAIT, and Ceen binds without SO_REUSEADDR): it must still start and join, and serve the port
    /// once it is free, rather than fail (in Kubernetes that would be a crash loop).
    /// </summary>
    [Fact]
    public async Task A_node_whose_management_port_is_still_held_starts_and_serves_it_once_free()
    {
        await using var cluster = new LabCluster(System.IO.Directory.CreateTempSubdirectory("mft-management-").FullName);
        using var holder = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        holder.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 20155));
        holder.Listen(1);
        cluster.KeepDirectory = true;
        cluster.Add(new NodeSpec("coordinator", "coordinator,worker") { Port = 20151, CommandPort = 20156, ManagementPort = 20155 }).Start();
        await cluster.WaitForSlotsAsync(1, Deadline);

        holder.Close();
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:20155"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Deadline;
        string? answer = null;
        while (DateTime.UtcNow < deadline && answer != "Healthy")
        {
            try
            {
                answer = (await http.GetStringAsync("/health/ready")).Trim();
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }
        Assert.True(answer == "Healthy", "the management port was not served after it was freed\n" + cluster.Diagnostics());
        cluster.KeepDirectory = false;
    }
}
