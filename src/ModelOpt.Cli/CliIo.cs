using Spectre.Console;

namespace ModelOpt.Cli;

/// <summary>Where <c>mopt</c> writes and what environment it reads; tests pass their own.</summary>
public sealed record CliIo(IAnsiConsole Console, TextWriter Error, Func<string, string?> Environment)
{
    public TextWriter Out => Console.Profile.Out.Writer;

    public static CliIo System() => new(AnsiConsole.Console, global::System.Console.Error, global::System.Environment.GetEnvironmentVariable);
}
