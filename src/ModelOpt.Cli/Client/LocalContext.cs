using System.Globalization;
using ModelOpt.Node.Endpoint;

namespace ModelOpt.Cli.Client;

/// <summary>
/// Makes a local <c>mopt run</c> reachable by the palettes: its embedded node serves the command endpoint on
/// localhost (port MOPT_COMMAND_PORT if set, else a free one) with the token from the config directory (created owner-only on first use), and the context file
/// points <c>mopt</c> there, so <c>mopt search list</c> in another terminal just works.
/// </summary>
public static class LocalContext
{
    /// <summary>The embedded endpoint's options; null (no endpoint, the run itself unaffected) if the token cannot be written.</summary>
    public static CommandEndpointOptions? EndpointOptions(Func<string, string?> environment)
    {
        try
        {
            var port = int.TryParse(environment("MOPT_COMMAND_PORT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535 ? p : 0;
            return new CommandEndpointOptions { Port = port, Bind = "127.0.0.1", TokenFile = LocalToken.Ensure(ConfigDirectory.Path(environment)) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Points the context file at the started endpoint, naming the run's journal and this process (whose end makes
    /// mopt read the journal instead); returns the host:port written, or null if none is listening.
    /// </summary>
    public static string? Publish(EndpointAddress address, CommandEndpointOptions options, string journal, Func<string, string?> environment)
    {
        if (address.Url is not { } url) return null;
        var host = $"{url.Host}:{url.Port}";
        (new ClientContext(host, options.TokenFile) { Journal = journal }).OfThisProcess().Write(ConfigDirectory.Path(environment));
        return host;
    }
}
