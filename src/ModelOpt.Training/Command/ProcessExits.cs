namespace ModelOpt.Training.Command;

/// <summary>How a process that ended unexpectedly is described to the user: its exit code (a signal, on Unix) and the end of its stderr.</summary>
public static class ProcessExits
{
    public static string Describe(int exitCode, IReadOnlyList<string> stderrTail)
    {
        // On Unix a process killed by signal N reports 128 + N (the kernel's OOM killer sends SIGKILL, 9).
        var signal = exitCode is > 128 and < 160 ? $" (killed by signal {exitCode - 128}?)" : "";
        var tail = stderrTail.Count == 0
            ? "stderr was empty"
            : $"stderr tail:{Environment.NewLine}{string.Join(Environment.NewLine, stderrTail)}";
        return $"exit code {exitCode}{signal}; {tail}";
    }
}
