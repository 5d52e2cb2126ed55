using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ModelOpt.Node.Tests.Management;

/// <summary>
/// A node with Akka.Management and cluster bootstrap through config discovery (no Kubernetes): it forms a cluster on its
/// own and its health routes answer on the management port. Ports from this suite's block (remoting 4160–4179,
/// management 8560–8579).
/// </summary>
public sealed class ManagementBootstrapTests
{
    private const int RemotingPort = 4160;
    private const int ManagementPort = 8560;

    [Fact]
    public async Task A_bootstrapped_node_forms_a_cluster_and_reports_alive_and_ready()
    {
        using var host = NodeHost.Build(new NodeOptions
        {
            Port = RemotingPort,
            Slots = 1,
            Gpus = "none",
            LogLevel = LogLevel.Warning,
            SeedNodes = ["akka.tcp://modelopt@127.0.0.1:1"],
            ManagementPort = ManagementPort,
            Discovery = new DiscoveryOptions { Method = DiscoveryOptions.Config, Endpoints = [$"127.0.0.1:{ManagementPort}"], RequiredContactPoints = 1 },
        });
        await host.StartAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var (alive, _) = await WaitForStatusAsync(http, "/health/alive", HttpStatusCode.OK);
            // Bootstrap waits for a stable contact point list (5 s) before it forms the cluster: not ready until then.
            var (ready, before) = await WaitForStatusAsync(http, "/health/ready", HttpStatusCode.OK);

            var cluster = Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>());
            Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
            Assert.Equal(RemotingPort, cluster.SelfAddress.Port);
            Assert.Equal("Healthy", alive);
            Assert.Equal("Healthy", ready);
            Assert.StartsWith("503 Unhealthy", before);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Url("/health/nothing"))).StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string Url(string path) => $"http://127.0.0.1:{ManagementPort}{path}";

    /// <summary>Polls until the route answers <paramref name="status"/>; returns the body and the first other answer.</summary>
    private static async Task<(string Body, string? Before)> WaitForStatusAsync(HttpClient http, string path, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "no answer";
        string? before = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(Url(path));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == status) return (body, before);
                last = $"{(int)response.StatusCode} {body}";
                before ??= last;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{path} did not answer {status} within 60 s; last: {last}");
    }
}
