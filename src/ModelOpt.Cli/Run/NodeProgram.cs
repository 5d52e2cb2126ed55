using System.Diagnostics;

namespace ModelOpt.Cli.Run;

/// <summary>
/// The ModelOpt.Node program <c>mopt run</c> starts: <c>--node PATH</c>, else MOPT_NODE, else one beside mopt itself
/// (a test or publish folder), else a source build's own (<c>src/ModelOpt.Node/bin/&lt;config&gt;/&lt;tfm&gt;</c> beside
/// <c>src/ModelOpt.Cli/bin/&lt;config&gt;/&lt;tfm&gt;</c>, as <c>scripts/setup.sh</c> builds them), else the default install folder (<c>$XDG_DATA_HOME/modelopt/node</c>,
/// else <c>~/.local/share/modelopt/node</c>, where <c>scripts/install.sh</c> publishes it), else <c>ModelOpt.Node</c>
/// on PATH. A path may name the program, its <c>.dll</c> (run with <c>dotnet</c>), or the folder holding them.
/// </summary>
public sealed record NodeProgram(string Path, bool ViaDotnet)
{
    public const string FileName = "ModelOpt.Node";
    public const string EnvironmentVariable = "MOPT_NODE";

    public static NodeProgram Find(string? option, Func<string, string?> environment)
    {
        if (option is { Length: > 0 }) return At(option, "--node");
        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment) return At(fromEnvironment, EnvironmentVariable);
        List<string> places = [AppContext.BaseDirectory];
        if (SourceBuildFolder(AppContext.BaseDirectory) is { } source) places.Add(source);
        places.Add(InstallFolder(environment));
        foreach (var folder in places)
            if (InFolder(folder) is { } found) return found;
        foreach (var folder in (environment("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (System.IO.Path.Combine(folder, ExecutableName) is var onPath && IsRunnable(onPath)) return new NodeProgram(onPath, false);
        throw new CliFailure(ExitCodes.Usage,
            $"mopt run needs the ModelOpt.Node program and found none (looked in {string.Join(", ", places)} and on PATH); " +
            $"give --node PATH or set {EnvironmentVariable}, or install one with scripts/install.sh (README: Install)");
    }

    /// <summary>Where a source tree builds the node, given where it builds mopt (<c>src/ModelOpt.Cli/bin/Release/net10.0</c> → <c>src/ModelOpt.Node/bin/Release/net10.0</c>); null elsewhere.</summary>
    public static string? SourceBuildFolder(string moptFolder)
    {
        var tfm = new DirectoryInfo(System.IO.Path.TrimEndingDirectorySeparator(moptFolder));
        var config = tfm.Parent;
        var bin = config?.Parent;
        var project = bin?.Parent;
        return bin?.Name == "bin" && project is { Name: "ModelOpt.Cli", Parent: { } src }
            ? System.IO.Path.Combine(src.FullName, FileName, "bin", config!.Name, tfm.Name)
            : null;
    }

    /// <summary>Where <c>scripts/install.sh</c> publishes the node.</summary>
    public static string InstallFolder(Func<string, string?> environment)
    {
        var data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(data, "modelopt", "node");
    }

    /// <summary>How to start it with <paramref name="arguments"/>; output and input redirected, so the node is this process's to stop.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(ViaDotnet ? Dotnet() : Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = System.IO.Path.GetDirectoryName(Path)!,
        };
        if (ViaDotnet) start.ArgumentList.Add(Path);
        // A launcher looks for the runtime where mopt's own launcher would; mopt run by a dotnet elsewhere (~/.dotnet) says where.
        else if (DotnetHost() is { } host && !start.Environment.ContainsKey("DOTNET_ROOT")) start.Environment["DOTNET_ROOT"] = System.IO.Path.GetDirectoryName(host);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    private static string ExecutableName => OperatingSystem.IsWindows() ? FileName + ".exe" : FileName;

    private static NodeProgram At(string path, string source)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
            return InFolder(full) ?? throw new CliFailure(ExitCodes.Usage, $"{source}: no {FileName} program in the folder '{full}'");
        if (!File.Exists(full)) throw new CliFailure(ExitCodes.Usage, $"{source}: no file '{full}'");
        return new NodeProgram(full, full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A runnable node in the folder: its assembly with its runtimeconfig (mopt's own folder holds the node's assembly
    /// alone), started by its native launcher where that is there and may be run, else by <c>dotnet</c>.
    /// </summary>
    private static NodeProgram? InFolder(string folder)
    {
        var assembly = System.IO.Path.Combine(folder, FileName + ".dll");
        if (!File.Exists(System.IO.Path.Combine(folder, FileName + ".runtimeconfig.json")) || !File.Exists(assembly)) return null;
        var launcher = System.IO.Path.Combine(folder, ExecutableName);
        return IsRunnable(launcher) ? new NodeProgram(launcher, false) : new NodeProgram(assembly, true);
    }

    /// <summary>Whether the file is there and may be run: on Unix, with an execute bit (a launcher copied without its mode cannot start).</summary>
    private static bool IsRunnable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>The dotnet host running mopt itself when there is one (a tool, <c>dotnet mopt.dll</c>), else <c>dotnet</c> on PATH.</summary>
    private static string Dotnet() => DotnetHost() ?? "dotnet";

    private static string? DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : null;
}
