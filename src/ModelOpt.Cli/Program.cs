using ModelOpt.Cli;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Training;

// mopt run's worker starts its trial processes (GPU slots) as this program with the trial-host verb.
if (args is [TrialHost.Verb, .. var hostArguments]) return await TrialHost.RunAsync(hostArguments);

// mopt validates specs before anything starts, so the training workload kinds (torch, command) must be known first.
TrainingWorkloads.Register();
return await Mopt.RunAsync(args, CliIo.System());
