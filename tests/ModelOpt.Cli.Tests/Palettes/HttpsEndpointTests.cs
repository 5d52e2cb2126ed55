using System.Net;
using Microsoft.Extensions.Logging;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Cluster.Security;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>
/// The command endpoint served over HTTPS from the cluster's certificate (<c>--command-tls</c>), and <c>mopt</c>
/// trusting the cluster's CA through MOPT_CA_FILE. Ports 21150 (HTTPS) and 21151 (remoting).
/// </summary>
public sealed class HttpsEndpointTests : IAsyncLifetime
{
    private const string Token = "https-test-token";
    private InProcessNode? _node;

    private string Dir => _node!.Dir;

    public async Task InitializeAsync() =>
        _node = await InProcessNode.StartAsync("sec-https", dir =>
        {
            using var authority = ClusterCertificates.CreateAuthority("https test CA", TimeSpan.FromDays(1));
            var certificate = ClusterCertificates.IssueInto(dir, authority, "coordinator", TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]);
            using var foreign = ClusterCertificates.CreateAuthority("another CA", TimeSpan.FromDays(1));
            ClusterCertificates.Write(foreign, Path.Combine(dir, "foreign.crt"), keyPath: null);
            return new NodeOptions
            {
                Port = 21151, Slots = 1, Gpus = "none", LogLevel = LogLevel.Warning,
                Endpoint = new CommandEndpointOptions { Port = 21150, Bind = "127.0.0.1", Token = Token, Https = true, Certificate = certificate },
            };
        });

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }

    [Fact]
    public async Task Mopt_reaches_the_https_endpoint_only_when_it_trusts_the_clusters_CA()
    {
        MoptRunner Mopt(string? caFile) => new(Path.Combine(Dir, "config"), caFile is null
            ? new Dictionary<string, string> { ["MOPT_TOKEN"] = Token }
            : new Dictionary<string, string> { ["MOPT_TOKEN"] = Token, ["MOPT_CA_FILE"] = caFile });

        var trusted = await Mopt(Path.Combine(Dir, "ca.crt")).RunAsync("https://127.0.0.1:21150", "search", "list", "--json");
        var byName = await Mopt(Path.Combine(Dir, "ca.crt")).RunAsync("https://localhost:21150", "search", "list", "--json");
        var untrusted = await Mopt(null).RunAsync("https://127.0.0.1:21150", "search", "list");
        var foreign = await Mopt(Path.Combine(Dir, "foreign.crt")).RunAsync("https://127.0.0.1:21150", "search", "list");
        var plain = await Mopt(Path.Combine(Dir, "ca.crt")).RunAsync("http://127.0.0.1:21150", "search", "list");

        Assert.True(trusted.Exit == 0, trusted.ToString());
        Assert.Equal("[]", trusted.Out.Trim());
        Assert.True(byName.Exit == 0, byName.ToString());
        Assert.Equal(3, untrusted.Exit);
        Assert.Contains("certificate", untrusted.Error);
        Assert.Equal(3, foreign.Exit);
        Assert.NotEqual(0, plain.Exit);
    }
}
