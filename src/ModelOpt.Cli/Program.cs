using ModelOpt.Cli;

// mopt validates specs before anything starts, with the training workload kinds too (Mopt.Catalog).
return await Mopt.RunAsync(args, CliIo.System(), Mopt.Catalog);
