using System.Text.RegularExpressions;
using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>The images' HEALTHCHECK probes a route the node serves, on a port it is told to serve it on.</summary>
public sealed class ImageHealthCheckTests
{
    [Theory]
    [InlineData("Dockerfile.cpu")]
    [InlineData("Dockerfile.cuda")]
    public void The_image_serves_management_where_its_healthcheck_probes(string dockerfile)
    {
        var text = File.ReadAllText(RepositoryPaths.Of("deploy", dockerfile));

        var port = Regex.Match(text, @"MOPT_MANAGEMENT_PORT=(\d+)");
        Assert.True(port.Success, $"{dockerfile} does not set MOPT_MANAGEMENT_PORT, so the node would serve no health route");
        Assert.Equal(DeploymentPorts.Management.ToString(), port.Groups[1].Value);
        Assert.Matches(@"HEALTHCHECK[^\n]*\\\n[^\n]*/health/alive", text);
        Assert.Equal(DeploymentPorts.Management, global::ModelOpt.Node.Management.ManagementHostingExtensions.DefaultPort);
    }
}
