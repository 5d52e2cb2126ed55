using System.Diagnostics;
using Xunit;

namespace ModelOpt.Node.Tests.External;

/// <summary>A fact skipped, with the reason shown, where Debian's python3 has no torch (apt-get install python3-torch).</summary>
internal sealed class TorchFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(FindTorch);

    public TorchFactAttribute()
    {
        if (Missing.Value is { } reason) Skip = reason;
    }

    private static string? FindTorch()
    {
        if (!File.Exists(PythonClient.Python)) return $"{PythonClient.Python} is missing";
        try
        {
            var info = new ProcessStartInfo(PythonClient.Python, ["-c", "import torch"]) { RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            process.StandardError.ReadToEnd();
            return process.WaitForExit(60_000) && process.ExitCode == 0 ? null : "Debian's python3-torch is not installed";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"python3 did not start: {e.Message}";
        }
    }
}
