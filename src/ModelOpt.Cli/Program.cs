using ModelOpt.Cli;
using ModelOpt.Training;

// mopt validates specs before anything starts, so the training workload kinds (torch, command) must be known first
// (registering them loads no libtorch: mopt never trains; its run starts a separate ModelOpt.Node, which also hosts
// the trial processes of GPU slots).
TrainingWorkloads.Register();
return await Mopt.RunAsync(args, CliIo.System());
