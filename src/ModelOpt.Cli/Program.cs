using ModelOpt.Cli;
using ModelOpt.Training;

// mopt validates specs before anything starts, so the training workload kinds (torch, command) must be known first.
TrainingWorkloads.Register();
var parsed = MoptCommand.Create().Parse(args);
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
    return 2;
}
return await parsed.InvokeAsync();
