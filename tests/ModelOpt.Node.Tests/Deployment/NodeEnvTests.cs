using Microsoft.Extensions.Configuration;
using ModelOpt.Cluster.Security;
using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>The Kubernetes base's node variables (k8s/base/node.env) configure the node as the manifests intend.</summary>
public sealed class NodeEnvTests
{
    [Fact]
    public void The_node_env_selects_kubernetes_bootstrap_management_and_otlp()
    {
        var variables = File.ReadAllLines(RepositoryPaths.Of("k8s", "base", "node.env"))
            .Where(line => line.Contains('=') && !line.TrimStart().StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => (string?)kv[1].Trim());
        variables["MOPT_DISCOVERY_NAMESPACE"] = "modelopt"; // set per pod from its namespace
        Assert.Equal("/var/run/secrets/modelopt/tls", variables["MOPT_TLS_DIR"]);
        var tls = Directory.CreateTempSubdirectory("mopt-sec-node-env-").FullName;
        variables["MOPT_TLS_DIR"] = tls; // where the pod has the modelopt-tls Secret
        using (var authority = ClusterCertificates.CreateAuthority("node env test CA", TimeSpan.FromDays(1)))
            ClusterCertificates.IssueInto(tls, authority, "modelopt-node", TimeSpan.FromDays(1), [], []).Dispose();

        NodeOptions options;
        try { options = NodeOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(variables).Build()); }
        finally { Directory.Delete(tls, recursive: true); }

        var discovery = Assert.IsType<DiscoveryOptions>(options.Discovery);
        Assert.Equal(DiscoveryOptions.Kubernetes, discovery.Method);
        Assert.Equal(variables["MOPT_DISCOVERY_LABEL_SELECTOR"], discovery.LabelSelector);
        Assert.Equal(variables["MOPT_DISCOVERY_SERVICE_NAME"], discovery.ServiceName);
        Assert.Equal("management", discovery.PortName);
        Assert.Equal(int.Parse(variables["MOPT_REQUIRED_CONTACT_POINTS"]!), discovery.RequiredContactPoints);
        Assert.Equal(DeploymentPorts.Management, options.ServedManagementPort);
        Assert.Equal(variables["OTEL_EXPORTER_OTLP_ENDPOINT"], options.OtlpEndpoint);
        Assert.NotNull(options.Tls);
    }
}
