using System.Diagnostics;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Renders kustomizations with the kubectl on PATH (its built-in kustomize works offline).</summary>
internal static class Kubectl
{
    public static string? Path { get; } = Find();

    public static string Kustomize(string directory)
    {
        var kubectl = Path ?? throw new InvalidOperationException("kubectl is not on PATH");
        var start = new ProcessStartInfo(kubectl, ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {kubectl}");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kubectl kustomize {directory} exited {process.ExitCode}: {stderr.Result}");
        return output;
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "kubectl"))
            .FirstOrDefault(File.Exists);
}
