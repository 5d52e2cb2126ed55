namespace ModelOpt.Cli.Client;

/// <summary><c>$XDG_CONFIG_HOME/modelopt</c>, else <c>~/.config/modelopt</c>: the context file and local token live here.</summary>
public static class ConfigDirectory
{
    public static string Path(Func<string, string?> environment)
    {
        var root = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(root, "modelopt");
    }
}
