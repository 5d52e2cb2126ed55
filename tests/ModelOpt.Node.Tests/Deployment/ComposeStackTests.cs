using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Checks deploy/docker-compose.yml and the files it wires together (collector, Prometheus, Grafana).</summary>
public sealed class ComposeStackTests
{
    private static readonly string DeployDirectory = RepositoryPaths.Of("deploy");
    private static readonly YamlMappingNode Compose = LoadSingle("docker-compose.yml");
    private static readonly YamlMappingNode Services = Compose.At("services");
    private static readonly string[] NodeServices = ["coordinator", "worker-1", "worker-2"];

    [Fact]
    public void Compose_runs_a_coordinator_two_workers_the_journal_and_the_observability_stack()
    {
        var names = Services.Children.Keys.Select(key => key.ToString()).ToHashSet();
        Assert.Superset(new HashSet<string>([.. NodeServices, "postgres", "otel-collector", "prometheus", "grafana", "jaeger"]), names);
        Assert.Equal("coordinator", Environment("coordinator")["MOPT_ROLES"]);
        Assert.All(NodeServices.Skip(1), worker => Assert.Equal("worker", Environment(worker)["MOPT_ROLES"]));
        // Every node is a seed, the coordinator first, and a dead node is started again: no single node's loss or
        // restart can leave the cluster split (issue 13).
        var seeds = string.Join(",", NodeServices.Select(node => $"akka.tcp://modelopt@{node}:{DeploymentPorts.Remoting}"));
        Assert.All(NodeServices, node => Assert.Equal(seeds, Environment(node)["MOPT_SEED_NODES"]));
        Assert.All(NodeServices, node => Assert.Equal("unless-stopped", Services.At(node).Text("restart")));
        Assert.StartsWith("Host=postgres;", Environment("coordinator")["MOPT_JOURNAL"]);
    }

    [Fact]
    public void Every_file_a_service_builds_from_or_mounts_exists()
    {
        foreach (var (name, service) in Services.Children.Select(pair => (pair.Key.ToString(), (YamlMappingNode)pair.Value)))
        {
            if (service.Map("build") is { } build)
            {
                var context = Path.GetFullPath(Path.Combine(DeployDirectory, build.Text("context")!));
                Assert.True(File.Exists(Path.Combine(context, build.Text("dockerfile")!)), $"service {name}: no {build.Text("dockerfile")}");
            }
            foreach (var volume in service.Texts("volumes"))
            {
                var source = volume.Split(':')[0];
                if (!source.StartsWith('.')) continue;
                var path = Path.Combine(DeployDirectory, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"service {name} mounts {source}, which does not exist");
            }
        }
        // Secret files are made by the operator and must never be committed.
        var ignored = File.ReadAllLines(RepositoryPaths.Of(".gitignore"));
        foreach (var secret in Compose.At("secrets").Children.Values.Cast<YamlMappingNode>())
            Assert.Contains("deploy/" + secret.Text("file")!.TrimStart('.', '/'), ignored);
    }

    [Fact]
    public void Prometheus_scrapes_every_node_and_traces_go_through_the_collector()
    {
        var collector = LoadSingle("otel-collector.yaml");
        var otlpPort = collector.At("receivers", "otlp", "protocols", "grpc").Text("endpoint")!.Split(':')[1];
        Assert.All(NodeServices, node => Assert.Equal($"http://otel-collector:{otlpPort}", Environment(node)["OTEL_EXPORTER_OTLP_ENDPOINT"]));
        // Metrics only by scrape: OTLP metrics as well would count every series twice.
        Assert.All(NodeServices, node => Assert.Equal("none", Environment(node)["OTEL_METRICS_EXPORTER"]));

        var prometheus = LoadSingle("prometheus/prometheus.yml");
        var job = prometheus.Maps("scrape_configs").Single(c => c.Text("job_name") == "modelopt-nodes");
        Assert.Equal("/metrics", job.Text("metrics_path"));
        var targets = job.Maps("static_configs").SelectMany(c => c.Texts("targets")).ToHashSet();
        Assert.All(NodeServices, node => Assert.Contains($"{node}:{Environment(node)["MOPT_MANAGEMENT_PORT"]}", targets));
        Assert.Equal(["alerts.yml"], prometheus.Texts("rule_files"));
        Assert.Contains("./prometheus:/etc/prometheus:ro", Services.At("prometheus").Texts("volumes"));

        var tracesHost = collector.At("exporters", "otlp/jaeger").Text("endpoint")!.Split(':')[0];
        Assert.NotNull(Services.Map(tracesHost));
        Assert.Contains("otlp/jaeger", collector.At("service", "pipelines", "traces").Texts("exporters"));
    }

    [Fact]
    public void Dashboards_parse_and_use_only_provisioned_datasources()
    {
        var datasourceUids = LoadSingle("grafana/provisioning/datasources/datasources.yaml").Maps("datasources").Select(d => d.Text("uid")).ToHashSet();
        var provider = LoadSingle("grafana/provisioning/dashboards/dashboards.yaml").Maps("providers").Single();
        Assert.Contains($"./grafana/dashboards:{provider.At("options").Text("path")}:ro", Services.At("grafana").Texts("volumes"));

        var dashboards = Directory.GetFiles(Path.Combine(DeployDirectory, "grafana", "dashboards"), "*.json");
        Assert.Equal(["cluster.json", "search.json"], dashboards.Select(Path.GetFileName).Order());
        var uids = new HashSet<string>();
        foreach (var file in dashboards)
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            Assert.True(uids.Add(dashboard.RootElement.GetProperty("uid").GetString()!), $"{file}: duplicate uid");
            // Rows only group the panels below them and query nothing.
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
                Assert.Contains(panel.GetProperty("datasource").GetProperty("uid").GetString(), datasourceUids);
        }
    }

    [Fact]
    public void Dashboards_query_only_metrics_of_the_operations_reference()
    {
        var reference = File.ReadAllText(RepositoryPaths.Of("docs", "operations.md"));
        var queried = Directory.GetFiles(Path.Combine(DeployDirectory, "grafana", "dashboards"), "*.json")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"modelopt_[a-z_]+").Select(m => m.Value))
            .Select(name => Regex.Replace(name, "_(bucket|sum|count)$", ""))
            .ToHashSet();
        Assert.NotEmpty(queried);
        Assert.All(queried, metric => Assert.Contains($"`{metric}", reference));
    }

    [Fact]
    public void Nodes_talk_mutual_TLS_with_certificates_from_the_certs_service_and_publish_only_on_loopback()
    {
        var certs = Services.At("certs");
        var script = string.Join(" ", certs.Texts("command"));
        Assert.Contains("ModelOpt.Node.dll tls ca /ca", script);
        Assert.Contains("for node in " + string.Join(" ", NodeServices) + ";", script);
        foreach (var node in NodeServices)
        {
            Assert.Equal($"/tls/{node}", Environment(node)["MOPT_TLS_DIR"]);
            Assert.Equal("service_completed_successfully", Services.At(node, "depends_on", "certs").Text("condition"));
            Assert.Contains("tls:/tls:ro", Services.At(node).Texts("volumes"));
            // The CA's key stays in the certs service: a node holding it could issue certificates.
            Assert.DoesNotContain(Services.At(node).Texts("volumes"), volume => volume.StartsWith("ca:", StringComparison.Ordinal));
        }
        Assert.Equal("1", Environment("coordinator")["MOPT_COMMAND_TLS"]);
        foreach (var (name, service) in Services.Children.Select(pair => (pair.Key.ToString(), (YamlMappingNode)pair.Value)))
            Assert.All(service.Texts("ports"), port => Assert.True(port.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{name} publishes {port} beyond loopback"));
    }

    private static IReadOnlyDictionary<string, string> Environment(string service) => Services.At(service, "environment").Strings();

    private static YamlMappingNode LoadSingle(string relativePath) =>
        YamlNodes.LoadAll(File.ReadAllText(Path.Combine(DeployDirectory, relativePath))).Single();
}
