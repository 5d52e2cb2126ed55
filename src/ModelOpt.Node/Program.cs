using Microsoft.Extensions.Configuration;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Node;

// A worker's trial process (one per isolated slot) is this same program, started with the trial-host verb.
if (args is [TrialHost.Verb, .. var hostArguments]) return await TrialHost.RunAsync(hostArguments);

// Settings come from the command line (--roles coordinator,worker --port 4053 --seed-nodes akka.tcp://modelopt@host:4053
// --slots 4 --gpus auto --trials-per-gpu 4 --trial-isolation auto --journal mopt.db --checkpoints ./ckpt --down-after 10),
// environment variables (MOPT_ROLES, MOPT_HOSTNAME, MOPT_PORT, MOPT_SEED_NODES, MOPT_SLOTS, MOPT_GPUS, MOPT_TRIALS_PER_GPU,
// MOPT_TRIAL_ISOLATION, MOPT_JOURNAL, MOPT_CHECKPOINTS, MOPT_DOWN_AFTER) or appsettings.json's "Node" section; see NodeOptions.
// Akka.Management and bootstrap: --management-port / MOPT_MANAGEMENT_PORT, --discovery kubernetes|config / MOPT_DISCOVERY and
// the MOPT_DISCOVERY_* variables (DiscoveryOptions). Telemetry: the standard OTEL_* variables, and --telemetry-console 1 /
// MOPT_TELEMETRY_CONSOLE=1. Coordinators serve the command endpoint (--command-port 9110, --command-bind, --command-tls,
// --token-file / MOPT_TOKEN_FILE / MOPT_TOKEN, --readonly-token-file / MOPT_READONLY_TOKEN_FILE / MOPT_READONLY_TOKEN).
// Mutual TLS on remoting: --tls-dir / MOPT_TLS_DIR (tls.crt, tls.key, ca.crt). `ModelOpt.Node tls ca|issue ...` makes the
// cluster's CA and node certificates (TlsCommand). A node mopt run starts and owns: --stop-on-stdin-close, --print-ready,
// --only-search <id>, --ephemeral-tls, --log-level error. `ModelOpt.Node dashboard --journal J` serves a journal's dashboard
// read-only with no cluster (JournalDashboardHost; mopt dashboard --journal starts it).
if (args is [ModelOpt.Node.Dashboard.JournalDashboardHost.Verb, .. var dashboardArguments])
    return await ModelOpt.Node.Dashboard.JournalDashboardHost.RunAsync(dashboardArguments, Console.Out, Console.Error);
if (args.Length > 0 && args[0] == "tls") return ModelOpt.Node.Security.TlsCommand.Run(args[1..], Console.Out, Console.Error);

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
