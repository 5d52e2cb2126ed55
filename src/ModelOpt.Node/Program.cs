using Microsoft.Extensions.Configuration;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Node;
using ModelOpt.Training;

// A worker's trial process (one per isolated slot) is this same program, started with the trial-host verb.
if (args is [TrialHost.Verb, .. var hostArguments]) return await TrialHost.RunAsync(hostArguments, TrainingCatalog.Default);

// Settings come from the command line (--port 4053), MOPT_* environment variables (MOPT_PORT) or appsettings.json's "Node"
// section; NodeOptions names every one, and docs/operations.md says what each is for. `ModelOpt.Node tls ca|issue ...`
// makes the cluster's CA and node certificates. `ModelOpt.Node dashboard --journal J` serves a journal's dashboard
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
    return await new RejoiningNode(rejoining => NodeHost.Build(options, rejoining: rejoining), message => Console.Error.WriteLine($"mopt-node: {message}")).RunAsync();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"mopt-node: {e.Message}");
    return 2;
}
