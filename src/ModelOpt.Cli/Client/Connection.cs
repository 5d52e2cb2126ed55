using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ModelOpt.Client;

namespace ModelOpt.Cli.Client;

/// <summary>
/// Which endpoint <c>mopt</c> talks to and with which token. Host: the <c>host:port</c> before the palette, else
/// MOPT_HOST, else the context file, else <c>localhost:9110</c>. Token: <c>--token-file</c>, else MOPT_TOKEN, else
/// MOPT_TOKEN_FILE, else the context file's token file. <paramref name="HostSource"/> says where the host came from,
/// for errors (a stale context file is named); <paramref name="Context"/> is the context file when the host came from it.
/// For an <c>https://</c> host, MOPT_CA_FILE names the cluster's CA certificate (PEM) that the endpoint's certificate
/// must chain to; without it the machine's trusted roots decide.
/// </summary>
public sealed partial record Connection(
    Uri BaseAddress, string? Token, string? HostSource = null, ClientContext? Context = null, string? CaFile = null)
{
    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";

    public ModelOptClientOptions Options => new(BaseAddress, Token) { TrustedAuthorities = Authorities() };

    private X509Certificate2Collection? Authorities()
    {
        if (CaFile is null) return null;
        try
        {
            return ServerCertificates.ReadAuthorities(CaFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliFailure(ExitCodes.Usage, $"MOPT_CA_FILE: cannot read '{CaFile}': {e.Message}");
        }
    }

    public static Connection Resolve(string? host, FileInfo? tokenFile, Func<string, string?> environment)
    {
        var context = ClientContext.Read(ConfigDirectory.Path(environment));
        var (address, source) = host is not null ? (host, null)
            : Empty(environment("MOPT_HOST")) is { } fromEnvironment ? (fromEnvironment, "MOPT_HOST")
            : context is not null ? (context.Host, ClientContext.PathIn(ConfigDirectory.Path(environment)))
            : ($"localhost:{ModelOptClientOptions.DefaultPort}", null);
        var token = tokenFile is not null ? ReadToken(tokenFile.FullName, "--token-file")
            : Empty(environment("MOPT_TOKEN")) is { } value ? value.Trim()
            : Empty(environment("MOPT_TOKEN_FILE")) is { } file ? ReadToken(file, "MOPT_TOKEN_FILE")
            : context?.TokenFile is { } contextFile && File.Exists(contextFile) ? ReadToken(contextFile, ClientContext.FileName)
            : null;
        var fromContext = host is null && source is not null && source != "MOPT_HOST" ? context : null;
        return new Connection(ParseHost(address), token, source, fromContext, Empty(environment("MOPT_CA_FILE")));
    }

    /// <summary>Whether an argument is a <c>host:port</c> (or http URL) rather than a palette name.</summary>
    public static bool LooksLikeHost(string argument) => HostPattern().IsMatch(argument) || argument.StartsWith("http://", StringComparison.Ordinal) || argument.StartsWith("https://", StringComparison.Ordinal);

    private static Uri ParseHost(string host)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : $"http://{host}";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsDefaultPort && !host.Contains(':'))
            throw new CliFailure(ExitCodes.Usage, $"host '{host}': expected host:port, e.g. localhost:{ModelOptClientOptions.DefaultPort}");
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static string ReadToken(string path, string source)
    {
        string? token;
        try
        {
            token = File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException e)
        {
            throw new CliFailure(ExitCodes.Usage, $"{source}: cannot read token file '{path}': {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliFailure(ExitCodes.Usage, $"{source}: token file '{path}' is not readable");
        }
        return string.IsNullOrEmpty(token) ? throw new CliFailure(ExitCodes.Usage, $"{source}: token file '{path}' is empty") : token;
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex(@"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")]
    private static partial Regex HostPattern();
}
