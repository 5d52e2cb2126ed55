using Microsoft.Extensions.Configuration;
using Xunit;

namespace ModelOpt.Node.Tests.Management;

/// <summary>The management, discovery and telemetry settings the Kubernetes manifests and compose file give as variables.</summary>
public sealed class DiscoveryOptionsTests
{
    private static NodeOptions Read(params (string Key, string Value)[] settings) =>
        NodeOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void The_kubernetes_variables_configure_bootstrap_and_management()
    {
        var options = Read(
            ("MOPT_DISCOVERY", "kubernetes"),
            ("MOPT_DISCOVERY_SERVICE_NAME", "modelopt-node"),
            ("MOPT_DISCOVERY_LABEL_SELECTOR", "app.kubernetes.io/name=modelopt-node"),
            ("MOPT_DISCOVERY_NAMESPACE", "modelopt"),
            ("MOPT_DISCOVERY_PORT_NAME", "management"),
            ("MOPT_REQUIRED_CONTACT_POINTS", "3"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"),
            ("MOPT_TELEMETRY_CONSOLE", "1"));

        var discovery = options.Discovery!;
        Assert.Equal(DiscoveryOptions.Kubernetes, discovery.Method);
        Assert.Equal("app.kubernetes.io/name=modelopt-node", discovery.LabelSelector);
        Assert.Equal("modelopt", discovery.Namespace);
        Assert.Equal("management", discovery.PortName);
        Assert.Equal(3, discovery.RequiredContactPoints);
        Assert.Equal(8558, options.ServedManagementPort);
        Assert.Equal("http://collector:4317", options.OtlpEndpoint);
        Assert.True(options.TelemetryConsole);
    }

    [Fact]
    public void Without_discovery_or_a_port_no_management_is_served_and_no_telemetry_exported()
    {
        var options = Read(("MOPT_SEED_NODES", "akka.tcp://modelopt@a:4053"));

        Assert.Null(options.Discovery);
        Assert.Null(options.ServedManagementPort);
        Assert.Null(options.OtlpEndpoint);
        Assert.False(options.TelemetryConsole);
        Assert.Equal(8600, Read(("MOPT_MANAGEMENT_PORT", "8600")).ServedManagementPort);
    }

    [Theory]
    [InlineData("MOPT_DISCOVERY", "dns", "--discovery: unknown method 'dns'")]
    [InlineData("MOPT_DISCOVERY", "config", "--discovery-endpoints")]
    [InlineData("MOPT_MANAGEMENT_PORT", "http", "--management-port")]
    [InlineData("MOPT_TELEMETRY_CONSOLE", "maybe", "--telemetry-console")]
    public void A_bad_setting_is_named_in_the_error(string key, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Read((key, value)));

        Assert.Contains(expected, error.Message);
    }
}
