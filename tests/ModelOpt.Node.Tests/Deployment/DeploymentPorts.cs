namespace ModelOpt.Node.Tests.Deployment;

/// <summary>The node's listening ports that deployments must expose, by the names the manifests give them.</summary>
internal static class DeploymentPorts
{
    public static readonly int Remoting = NodeOptions.DefaultPort;

    /// <summary>Akka.Management's default HTTP port (bootstrap contact point and health checks).</summary>
    public const int Management = 8558;

    /// <summary>The command endpoint's default port (DESIGN.md §6).</summary>
    public const int Command = 9110;
}
