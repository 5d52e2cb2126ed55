using ModelOpt.Cli;
using ModelOpt.Training;

// mopt validates specs before anything starts, so the training workload kinds (torch, command) must be known first.
TrainingWorkloads.Register();
return await Mopt.RunAsync(args, CliIo.System());
