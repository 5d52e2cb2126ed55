using System.Net;
using System.Text.RegularExpressions;
using ModelOpt.Cluster.Security;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>
/// Issue 14's first finding across network hosts: a mutual-TLS cluster (coordinator and worker on hosts of their own)
/// and two rogue hosts that reach its remoting ports, one with no certificate (the issue's rogue: plain TCP, the
/// cluster's seed list) and one with a certificate from a CA of its own. Neither joins, neither gets a slot, and the
/// cluster's log names each refusal. Namespaces msc2-*, network 10.234, ports 21510-21555.
/// </summary>
[Trait("Category", "Faults")]
public sealed class RogueHostTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(75);
    private static readonly LabPorts Ports = new(Remoting: 21553, Public: 21554, Command: 21510, Management: 21555);

    [NamespaceFact]
    public async Task Hosts_without_the_clusters_certificate_cannot_join_and_each_refusal_is_logged()
    {
        using var lab = NetworkLab.Create(new NetworkLabOptions(Prefix: "msc2", Network: "10.234"));
        var directory = System.IO.Directory.CreateTempSubdirectory("msc2-rogue-").FullName;
        var clusterTls = Certificates(directory, "cluster", "cluster CA");
        var foreignTls = Certificates(directory, "foreign", "someone else's CA");
        // No delay proxies: a proxy accepts a connection before its node listens and then closes it, which a TLS
        // client takes for a failed handshake, and Akka.Remote shuts a node down on that (exit 79).
        await using var cluster = LabTopology.Create(lab, directory, workers: 1, new LabTopologyOptions
        {
            Ports = Ports,
            Adjust = spec => spec with
            {
                TlsDirectory = clusterTls, PublicPort = null, Seeds = [.. spec.Seeds.Select(s => s.Replace($":{Ports.Public}", $":{Ports.Remoting}"))],
            },
        });
        cluster.KeepDirectory = true;
        cluster.StartAll();
        await cluster.WaitUntilWholeAsync(Deadline);

        var coordinator = cluster.Node(LabTopology.Coordinator);
        var seeds = coordinator.Spec.Seeds;
        var plain = cluster.Add(new NodeSpec("rogue", "worker") { Host = lab.AddHost("rogue"), Port = Ports.Remoting, Seeds = seeds, Slots = 2 }).Start();
        var impostor = cluster.Add(new NodeSpec("impostor", "worker")
        {
            Host = lab.AddHost("impostor"), Port = Ports.Remoting, Seeds = seeds, Slots = 2, TlsDirectory = foreignTls,
        }).Start();

        // The plain rogue's handshakes are rejected; the impostor's certificate is refused by name. Which side of the
        // impostor's handshake notices first depends on timing, so either log may hold that refusal.
        await Until(() => Count(Log(coordinator), "Rejected incoming connection") >= 2, "the coordinator logs rejecting the plain rogue", cluster);
        await Until(() => (Log(coordinator) + Log(cluster.Node(LabTopology.Worker(1))) + Log(impostor)).Contains("Remoting refused", StringComparison.Ordinal),
            "a refusal of the impostor's (or by the impostor of the cluster's) certificate is logged", cluster);

        var view = await cluster.Endpoint().Api.ShowClusterAsync();
        Assert.Equal(
            new[] { coordinator.Spec.AkkaAddress, cluster.Node(LabTopology.Worker(1)).Spec.AkkaAddress }.Order(),
            view.Members.Select(m => m.Address).Order());
        var slots = await cluster.Endpoint().Api.ListWorkersAsync();
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Contains($"{cluster.Node(LabTopology.Worker(1)).Spec.Address}:", s.Node));
        Assert.DoesNotContain("Welcome from", Log(plain) + Log(impostor));
        output.WriteLine($"members: {string.Join(", ", view.Members.Select(m => m.Address))}; slots: {slots.Count}");
        cluster.KeepDirectory = false;
    }

    private static string Certificates(string directory, string name, string authorityName)
    {
        var path = Path.Combine(directory, name);
        using var authority = ClusterCertificates.CreateAuthority(authorityName, TimeSpan.FromDays(1));
        using var _ = ClusterCertificates.IssueInto(path, authority, "node", TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]);
        return path;
    }

    private static string Log(LabNode node) => node.Tail(100_000);

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    private static async Task Until(Func<bool> condition, string what, LabCluster cluster)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Deadline.TotalSeconds:0} s: {what}\n{cluster.Diagnostics(80)}");
            await Task.Delay(250);
        }
    }
}
