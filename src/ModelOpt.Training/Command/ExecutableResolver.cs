namespace ModelOpt.Training.Command;

/// <summary>
/// Finds a program the way a shell would (a name with a slash is a path, relative to the working directory; a bare
/// name is looked up on PATH), so that a missing program is reported before anything starts, by name.
/// </summary>
public static class ExecutableResolver
{
    /// <summary>The program's full path, or null if it is not there or not executable.</summary>
    public static string? Resolve(string program, string workingDir, string? searchPath)
    {
        if (program.Contains('/') || Path.IsPathRooted(program))
        {
            var path = Path.GetFullPath(program, workingDir);
            return IsExecutable(path) ? path : null;
        }
        foreach (var dir in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(dir, workingDir), program);
            if (IsExecutable(candidate)) return candidate;
            if (OperatingSystem.IsWindows() && IsExecutable(candidate + ".exe")) return candidate + ".exe";
        }
        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
