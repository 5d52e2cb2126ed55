using System.Diagnostics;

namespace ModelOpt.Faults.Lab;

/// <summary>Runs a system tool (<c>ip</c>, <c>nft</c>) and fails with its own error text when it fails.</summary>
public static class HostCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static string Run(string tool, params string[] arguments) =>
        TryRun(tool, arguments, out var output, out var error) ? output
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {error.Trim()}");

    /// <summary>Runs <paramref name="tool"/> with a bounded wait; false (and its stderr) when it fails or is missing.</summary>
    public static bool TryRun(string tool, IReadOnlyList<string> arguments, out string output, out string error)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = "";
            error = $"{tool} is not available: {e.Message}";
            return false;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                output = "";
                error = $"{tool} did not finish within {Limit.TotalSeconds:0} s";
                return false;
            }
            output = stdout.GetAwaiter().GetResult();
            error = stderr.GetAwaiter().GetResult();
            return process.ExitCode == 0;
        }
    }
}
