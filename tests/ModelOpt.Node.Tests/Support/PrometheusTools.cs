using System.Diagnostics;

namespace ModelOpt.Node.Tests.Support;

/// <summary>
/// Debian's Prometheus and promtool (<c>apt-get install prometheus</c>; scripts/setup.sh installs them where it can).
/// <see cref="Unavailable"/> says why tests that need them are skipped.
/// </summary>
internal static class PrometheusTools
{
    public static string? Prometheus { get; } = Find("prometheus");
    public static string? Promtool { get; } = Find("promtool");

    public static string? Unavailable => Prometheus is null || Promtool is null
        ? "Prometheus/promtool are not installed (apt-get install prometheus; scripts/setup.sh does it where apt works)"
        : null;

    /// <summary>Runs promtool with <paramref name="arguments"/> (stdin from <paramref name="input"/>); its exit code and output.</summary>
    public static (int ExitCode, string Output) RunPromtool(string workingDirectory, string? input, params string[] arguments)
    {
        var info = new ProcessStartInfo(Promtool ?? throw new InvalidOperationException(Unavailable))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} ran past 60 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
