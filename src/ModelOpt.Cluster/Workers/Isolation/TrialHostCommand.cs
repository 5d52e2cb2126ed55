using System.Diagnostics;
using System.Reflection;

namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>
/// The program and arguments that start a trial process; <see cref="TrialHost.Verb"/> and the slot's options are
/// appended. By default the running program itself (the node, <c>mopt</c>, the benchmarks: each entry point hands
/// <see cref="TrialHost.Verb"/> to <see cref="TrialHost.RunAsync"/>), so a trial process has exactly the worker's
/// assemblies and native libraries.
/// </summary>
public sealed record TrialHostCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>This process's own program: its apphost, or <c>dotnet</c> and the entry assembly when started through the muxer.</summary>
    public static TrialHostCommand Current()
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("the running program's path is unknown; give the trial process command explicitly");
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(program) == "dotnet" && !string.IsNullOrEmpty(entry)
            ? new TrialHostCommand(program, [entry])
            : new TrialHostCommand(program, []);
    }

    /// <summary>A program run through <c>dotnet</c>, e.g. <c>ModelOpt.Node.dll</c> from a test's output directory.</summary>
    public static TrialHostCommand Dotnet(string assemblyPath) => new("dotnet", [assemblyPath]);

    public ProcessStartInfo StartInfo(string slot, string device)
    {
        var info = new ProcessStartInfo(FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments) info.ArgumentList.Add(argument);
        foreach (var argument in (string[])[TrialHost.Verb, "--slot", slot, "--device", device]) info.ArgumentList.Add(argument);
        return info;
    }
}
