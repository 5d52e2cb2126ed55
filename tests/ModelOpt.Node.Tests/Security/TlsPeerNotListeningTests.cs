using System.Net;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Security;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.Security;

/// <summary>
/// Akka.Remote stops a node's actor system when a TLS handshake the node started fails. A seed's port answered by
/// something that closes the connection before the seed listens (a proxy, a sidecar) did that, and the node exited
/// with code 0, so nothing restarted it. The node now starts its actor system again a few times, and exits with
/// Akka's code 79 only when the handshakes keep failing. Ports 21120-21125.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class TlsPeerNotListeningTests : IDisposable
{
    private const int Seed = 21121, Worker = 21122, CommandPort = 21123, Lonely = 21124, Closed = 21125;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly NodeFleet _fleet = new("mopt-sec-tls-retry-");

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task A_worker_whose_seed_answers_before_it_listens_joins_once_it_does()
    {
        var tls = CertificateDirectory("cluster");
        var token = Path.Combine(_fleet.Directory, "token");
        File.WriteAllText(token, "sec-tls-retry-token\n");

        NodeProcess worker;
        using (FakeSeed.Closing(Seed))
        {
            worker = _fleet.Start("worker", Worker, [Seed], extraArguments: ["--tls-dir", tls]);
            await _fleet.UntilAsync(() => worker.Log.Contains("TLS handshake failed on outbound", StringComparison.Ordinal), "the worker's handshake with the closing seed fails", Deadline);
        }
        _fleet.Start("coordinator", Seed, [Seed], journal: Path.Combine(_fleet.Directory, "journal.db"),
            extraArguments: ["--tls-dir", tls, "--command-port", $"{CommandPort}", "--command-bind", "127.0.0.1", "--token-file", token]);
        using var endpoint = new EndpointClient(CommandPort, "sec-tls-retry-token");

        await endpoint.WaitForAsync<ClusterInfo>(CommandRoutes.Cluster, v => v.Members.Any(m => m.Address.EndsWith($":{Worker}", StringComparison.Ordinal) && m.Status == "up"), Deadline, _fleet.Logs);
        Assert.Contains("starting again", worker.Log);
    }

    [Fact]
    public async Task A_node_whose_handshakes_keep_failing_exits_with_akkas_tls_code()
    {
        using var closer = FakeSeed.Closing(Closed);
        var builds = 0;
        var node = new RejoiningNode(rejoining =>
        {
            builds++;
            return NodeHost.Build(new NodeOptions
            {
                Roles = [], Port = Lonely, SeedNodes = [NodeProcess.Address(Closed)], LogLevel = LogLevel.Error,
                Tls = ClusterTls.Load(CertificateDirectory("lonely")),
            }, rejoining: rejoining);
        }, firstPause: TimeSpan.FromMilliseconds(20));

        var exitCode = await node.RunAsync().WaitAsync(TimeSpan.FromMinutes(4));

        Assert.Equal(79, exitCode);
        Assert.Equal(RejoiningNode.MaxTlsRetries + 1, builds);
    }

    private string CertificateDirectory(string name)
    {
        var directory = Path.Combine(_fleet.Directory, name);
        if (Directory.Exists(directory)) return directory;
        using var authority = ClusterCertificates.CreateAuthority("cluster CA", TimeSpan.FromDays(1));
        using var _ = ClusterCertificates.IssueInto(directory, authority, "node", TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]);
        return directory;
    }
}
