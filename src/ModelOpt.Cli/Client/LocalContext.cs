using System.Globalization;
using System.Security.Cryptography;

namespace ModelOpt.Cli.Client;

/// <summary>
/// Makes a local <c>mopt run</c> reachable by the palettes: its node serves the command endpoint on 127.0.0.1 (port
/// MOPT_COMMAND_PORT if set, else a free one) with the token from the config directory (created owner-only on first
/// use), and the context file points <c>mopt</c> there, so <c>mopt search list</c> in another terminal just works.
/// </summary>
public static class LocalContext
{
    /// <summary>The token the run's node accepts, and the file holding it (null when none can be written: the run works, other terminals cannot reach it).</summary>
    public sealed record LocalTokenValue(string Value, string? File);

    public static int CommandPort(Func<string, string?> environment) =>
        int.TryParse(environment("MOPT_COMMAND_PORT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535 ? p : 0;

    public static LocalTokenValue Token(Func<string, string?> environment)
    {
        try
        {
            var file = LocalToken.Ensure(ConfigDirectory.Path(environment));
            return new LocalTokenValue(File.ReadLines(file).First().Trim(), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new LocalTokenValue(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), null);
        }
    }

    /// <summary>
    /// The node's environment: this one's, less every MOPT_ and Node__ setting meant for other nodes (a cluster's seed
    /// nodes, journal or port must not reach the local node), plus the token (never on the command line, which others can read).
    /// </summary>
    public static void PrepareEnvironment(IDictionary<string, string?> environment, string token)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("MOPT_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Node__", StringComparison.OrdinalIgnoreCase)).ToList())
            environment.Remove(name);
        environment["MOPT_TOKEN"] = token;
    }

    /// <summary>Points the context file at the started endpoint, naming the run's journal and this process (whose end makes mopt read the journal instead).</summary>
    public static void Publish(Uri endpoint, string tokenFile, string journal, Func<string, string?> environment) =>
        new ClientContext($"{endpoint.Host}:{endpoint.Port}", tokenFile) { Journal = journal }.OfThisProcess().Write(ConfigDirectory.Path(environment));
}
