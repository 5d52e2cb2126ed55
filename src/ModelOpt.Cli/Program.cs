using ModelOpt.Cli;
using ModelOpt.Search;
using ModelOpt.Training;

// mopt validates specs before anything starts, so it knows the training workload kinds (torch, command) too (building
// the catalog loads no libtorch: mopt never trains; its run starts a separate ModelOpt.Node, which also hosts the trial
// processes of GPU slots).
return await Mopt.RunAsync(args, CliIo.System(), TrainingCatalog.AddTo(SearchCatalog.BuiltIn));
