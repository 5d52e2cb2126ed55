using System.CommandLine;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Palettes;

namespace ModelOpt.Cli;

/// <summary>
/// The <c>mopt</c> entry point: splits off a leading <c>host:port</c> (pbm's shape), parses, runs, and turns every
/// failure into one line on stderr and an <see cref="ExitCodes">exit code</see> — never a stack trace.
/// </summary>
public static class Mopt
{
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, CliIo io, CancellationToken cancellationToken = default)
    {
        var host = args.Length > 0 && Connection.LooksLikeHost(args[0]) ? args[0] : null;
        var rest = host is null ? args : args[1..];
        var parsed = MoptCommand.Create(new PaletteContext(io, host)).Parse(rest);
        if (parsed.Errors.Count > 0 && !rest.Contains("--help") && !rest.Contains("-h"))
        {
            foreach (var error in parsed.Errors) io.Error.WriteLine($"error: {error.Message}");
            io.Error.WriteLine("see: mopt --help");
            return ExitCodes.Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliFailure e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            foreach (var detail in e.Details) io.Error.WriteLine($"  {detail}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            io.Error.WriteLine("interrupted");
            return Interrupted;
        }
        catch (Exception e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
