using Microsoft.Extensions.Configuration;
using ModelOpt.Node;

// Settings come from the command line (--roles coordinator,worker --port 4053 --seed-nodes akka.tcp://modelopt@host:4053
// --slots 4 --gpus auto --journal mopt.db --checkpoints ./ckpt --down-after 10), environment variables (MOPT_ROLES,
// MOPT_PORT, ...) or appsettings.json's "Node" section: NodeOptions.Read lists them all. Akka.Management and bootstrap:
// --management-port, --discovery kubernetes|config (DiscoveryOptions). Coordinators serve the command endpoint
// (--command-port 9110, --command-bind, --token-file / MOPT_TOKEN_FILE / MOPT_TOKEN; CommandEndpointOptions).
// Telemetry: the standard OTEL_* variables, and --telemetry-console 1.
var configuration = new ConfigurationBuilder()
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

try
{
    var options = NodeOptions.Read(configuration);
    // Building the host resolves the worker's devices and reads token files, so a bad --gpus or a missing token file
    // is reported before anything starts. A node the cluster downed, or that found no coordinator, comes back as a
    // fresh member in this process.
    await new RejoiningNode(rejoining => NodeHost.Build(options, rejoining: rejoining), message => Console.Error.WriteLine($"mopt-node: {message}")).RunAsync();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"mopt-node: {e.Message}");
    return 2;
}
