using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ModelOpt.Cluster.Security;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node.Tests.Support;
using ModelOpt.Search.Tests.Specs;
using Xunit;

namespace ModelOpt.Node.Tests.Security;

/// <summary>
/// Issue 14's first finding: any process that reached a node's remoting port joined the cluster and was offered trials.
/// With mutual TLS a node joins only with a certificate from the cluster's CA; the others are refused, and each refusal
/// is in the coordinator's log. Real node processes on localhost, ports 21101-21119.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class RogueNodeTests : IDisposable
{
    private const int Coordinator = 21101, Worker = 21102, PlainRogue = 21103, ForeignRogue = 21104, CommandPort = 21110;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly NodeFleet _fleet = new("mopt-sec-rogue-");

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task Only_nodes_with_the_clusters_certificate_join_and_their_trials_see_no_node_secrets()
    {
        var cluster = CertificateDirectory("cluster", "cluster CA");
        var foreign = CertificateDirectory("foreign", "someone else's CA");
        var token = Path.Combine(_fleet.Directory, "token");
        File.WriteAllText(token, "sec-test-token\n");
        int[] seeds = [Coordinator];

        var coordinator = _fleet.Start("coordinator", Coordinator, seeds, journal: Path.Combine(_fleet.Directory, "journal.db"),
            extraArguments: ["--tls-dir", cluster, "--command-port", $"{CommandPort}", "--command-bind", "127.0.0.1", "--token-file", token]);
        // The worker is given the node settings a deployment would give it, secrets included: none may reach a trial.
        _fleet.Start("worker", Worker, seeds, extraArguments: ["--tls-dir", cluster], environment: new Dictionary<string, string>
        {
            ["MOPT_TOKEN"] = "sec-test-secret-token", ["MOPT_TOKEN_FILE"] = token, ["MOPT_READONLY_TOKEN"] = "sec-test-secret-readonly",
            ["MOPT_SEC_TEST_SECRET"] = "sec-test-secret-mopt", ["PGPASSWORD"] = "sec-test-secret-pg",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=sec-test-secret-otel",
        });
        // The issue's rogue: no token, its own journal, the coordinator as its seed; and one with a certificate of its own CA.
        var plain = _fleet.Start("worker", PlainRogue, seeds, slots: 2, journal: Path.Combine(_fleet.Directory, "rogue.db"));
        var impostor = _fleet.Start("worker", ForeignRogue, seeds, slots: 2, extraArguments: ["--tls-dir", foreign]);
        using var endpoint = new EndpointClient(CommandPort, "sec-test-token");

        await endpoint.WaitForAsync<ClusterInfo>(CommandRoutes.Cluster, v => v.Members.Any(m => Port(m.Address) == Worker && m.Status == "up"), Deadline, _fleet.Logs);
        // The plain rogue keeps trying (each try a rejected handshake); the impostor's certificate is refused by name, and
        // the impostor refuses the cluster's (which side notices first depends on the handshake's timing, so both are awaited).
        await _fleet.UntilAsync(() => Count(coordinator.Log, "Rejected incoming connection") >= 3 && Count(coordinator.Log, "Remoting refused") >= 1,
            "the coordinator logs refusals of both rogues", Deadline);
        await _fleet.UntilAsync(() => impostor.Log.Contains("Remoting refused", StringComparison.Ordinal), "the impostor logs refusing the cluster's certificate", Deadline);

        var view = await endpoint.GetAsync<ClusterInfo>(CommandRoutes.Cluster);
        Assert.Equal([Coordinator, Worker], view.Members.Select(m => Port(m.Address)).Order());
        var slots = await endpoint.GetAsync<IReadOnlyList<WorkerSlot>>(CommandRoutes.Workers);
        Assert.All(slots, s => Assert.Equal(Worker, Port(s.Node)));
        Assert.DoesNotContain("Welcome from", plain.Log + impostor.Log);

        // The cluster that refused them works: a trial on the worker runs, and sees none of the worker's secrets.
        var envDump = Path.Combine(_fleet.Directory, "trial-env.txt");
        var submitted = await endpoint.PostAsync(CommandRoutes.Searches, new SubmitRequest(HostileSpecs.EnvironmentDump(envDump)));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<SubmitResponse>(CommandJson.Responses))!.SearchId;
        var done = await endpoint.WaitForAsync<SearchInfo>(CommandRoutes.Search(id), s => s.Status != SearchStatus.Running, Deadline, _fleet.Logs);
        Assert.Equal(SearchStatus.Finished, done.Status);
        var environment = File.ReadAllText(envDump);
        Assert.DoesNotContain("sec-test-secret", environment);
        Assert.DoesNotContain("MOPT_TOKEN", environment);
        Assert.DoesNotContain("MOPT_TLS", environment);
        Assert.Contains("MOPT_TRIAL_CONFIG=", environment);
    }

    private string CertificateDirectory(string name, string authorityName)
    {
        var directory = Path.Combine(_fleet.Directory, name);
        using var authority = ClusterCertificates.CreateAuthority(authorityName, TimeSpan.FromDays(1));
        using var _ = ClusterCertificates.IssueInto(directory, authority, "node", TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]);
        return directory;
    }

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..]);

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));
}
