using ModelOpt.Cli;

var parsed = MoptCommand.Create().Parse(args);
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
    return 2;
}
return await parsed.InvokeAsync();
