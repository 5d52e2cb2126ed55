namespace ModelOpt.Cli;

/// <summary>A command failure already worded for the user: one line, and the exit code it ends <c>mopt</c> with.</summary>
public sealed class CliFailure(int exitCode, string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Further lines (e.g. every problem of a bad spec), printed after the message.</summary>
    public IReadOnlyList<string> Details { get; } = details ?? [];
}
