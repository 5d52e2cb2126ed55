using ModelOpt.Cli;
using ModelOpt.Training;

// mopt validates specs before anything starts, with the training workload kinds too (TrainingCatalog.Default).
return await Mopt.RunAsync(args, CliIo.System(), TrainingCatalog.Default);
