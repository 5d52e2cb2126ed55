using System.CommandLine;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Palettes;
using ModelOpt.Search;
using ModelOpt.Search.Specs.Reading;

namespace ModelOpt.Cli;

/// <summary>
/// The <c>mopt</c> entry point: splits off a leading <c>host:port</c> (pbm's shape), parses, runs, and turns every
/// failure into one line on stderr and an <see cref="ExitCodes">exit code</see> — never a stack trace.
/// </summary>
public static class Mopt
{
    /// <summary>One line for the first word nothing matched, with the closest command or option meant ("did you mean").</summary>
    private static string? Mistyped(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count == 0) return null;
        var token = parsed.UnmatchedTokens[0];
        var command = parsed.CommandResult.Command;
        IEnumerable<Symbol> known = token.StartsWith('-')
            ? command.Options.Concat(Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive)))
            : command.Subcommands;
        var names = known.SelectMany(s => s is Option o ? [o.Name, .. o.Aliases] : new[] { s.Name }).Where(n => !n.StartsWith("-?", StringComparison.Ordinal)).ToList();
        if (names.Count == 0) return null;
        var what = token.StartsWith('-') ? "option" : "command";
        return $"error: unknown {what} '{token}' for '{CommandPath(command)}'{NameSuggestions.Hint(token, names)}";
    }

    private static IEnumerable<Command> Ancestors(Command command) => command.Parents.OfType<Command>().SelectMany(p => Ancestors(p).Prepend(p));

    private static string CommandPath(Command command) =>
        string.Join(' ', Ancestors(command).Reverse().Append(command).Select(c => c is RootCommand ? "mopt" : c.Name));


    /// <param name="catalog">The kinds a spec may name (mopt checks specs before anything starts).</param>
    public static async Task<int> RunAsync(string[] args, CliIo io, SearchCatalog catalog, CancellationToken cancellationToken = default)
    {
        var host = args.Length > 0 && Connection.LooksLikeHost(args[0]) ? args[0] : null;
        var rest = host is null ? args : args[1..];
        var parsed = MoptCommand.Create(new PaletteContext(io, host, catalog)).Parse(rest);
        if (parsed.Errors.Count > 0 && !rest.Contains("--help") && !rest.Contains("-h"))
        {
            if (Mistyped(parsed) is { } mistyped) io.Error.WriteLine(mistyped);
            else foreach (var error in parsed.Errors) io.Error.WriteLine($"error: {error.Message}");
            io.Error.WriteLine($"see: {CommandPath(parsed.CommandResult.Command)} --help");
            return ExitCodes.Usage;
        }
        // Signals are heard here, not by System.CommandLine, whose handler gives a command 2 s and then returns without it:
        // a command that owns a node (run, dashboard) must outlive the signal until the node has stopped in order.
        using var signals = new StopSignals(cancellationToken);
        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                signals.Token);
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
            return signals.ExitCode;
        }
        catch (Exception e)
        {
            io.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
