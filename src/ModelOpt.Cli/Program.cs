using ModelOpt.Cli;

return await MoptCommand.Create().Parse(args).InvokeAsync();
