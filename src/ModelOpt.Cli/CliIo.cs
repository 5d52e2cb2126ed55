using ModelOpt.Cli.Output;
using Spectre.Console;

namespace ModelOpt.Cli;

/// <summary>Where <c>mopt</c> writes and what environment it reads; tests pass their own.</summary>
public sealed record CliIo(IAnsiConsole Console, TextWriter Error, Func<string, string?> Environment)
{
    public TextWriter Out => Console.Profile.Out.Writer;

    /// <summary>Standard output as bytes, for streamed downloads; by default a stream onto <see cref="Out"/>.</summary>
    public Func<Stream>? Stdout { get; init; }

    public Stream OpenOutput()
    {
        if (Stdout is { } open) return open();
        Out.Flush();
        return new WriterStream(Out);
    }

    public static CliIo System() => new(AnsiConsole.Console, global::System.Console.Error, global::System.Environment.GetEnvironmentVariable)
    {
        Stdout = global::System.Console.OpenStandardOutput,
    };
}
