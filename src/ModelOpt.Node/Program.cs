using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ModelOpt.Node;

// Settings come from the command line (--roles coordinator,worker --port 4053 --seed-nodes akka.tcp://modelopt@host:4053
// --slots 4 --journal mopt.db --checkpoints ./ckpt), environment variables (MOPT_ROLES, MOPT_HOSTNAME, MOPT_PORT,
// MOPT_SEED_NODES, MOPT_SLOTS, MOPT_JOURNAL, MOPT_CHECKPOINTS) or appsettings.json's "Node" section; see NodeOptions.
var configuration = new ConfigurationBuilder()
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

NodeOptions options;
try
{
    options = NodeOptions.Read(configuration);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"mopt-node: {e.Message}");
    return 2;
}

using var host = NodeHost.Build(options);
await host.RunAsync();
return 0;
