using System.Security.Cryptography;

namespace ModelOpt.Cli.Client;

/// <summary>The token of a local <c>mopt run</c>: <c>token</c> in the config directory, created once, readable by its owner only.</summary>
public static class LocalToken
{
    public const string FileName = "token";

    /// <summary>Returns the token file's path, creating the file (mode 600) with a fresh random token if there is none.</summary>
    public static string Ensure(string configDirectory)
    {
        Directory.CreateDirectory(configDirectory);
        var path = Path.Combine(configDirectory, FileName);
        if (File.Exists(path) && new FileInfo(path).Length > 0) return path;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(path, options))
            file.WriteLine(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        // An empty file left behind keeps its old mode; make sure it is owner-only either way.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
