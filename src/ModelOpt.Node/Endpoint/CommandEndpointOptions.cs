using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace ModelOpt.Node.Endpoint;

/// <summary>
/// Where the command endpoint listens and which bearer tokens it accepts. Tokens come from files (a Kubernetes Secret
/// mounted as a file) or the environment; a read-only token may only list, show and watch.
/// </summary>
public sealed record CommandEndpointOptions
{
    public const int DefaultPort = 9110;

    /// <summary>0: any free port (the bound address is logged and kept in <see cref="EndpointAddress"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>An IP address to bind (<c>0.0.0.0</c>: every interface) or <c>localhost</c>.</summary>
    public string Bind { get; init; } = "0.0.0.0";

    /// <summary>Serve HTTPS instead of HTTP (<c>--command-tls</c>), with <see cref="Certificate"/>.</summary>
    public bool Https { get; init; }

    /// <summary>The certificate HTTPS presents: the node's own (<c>--tls-dir</c>), so clients trust the cluster's CA.</summary>
    public X509Certificate2? Certificate { get; init; }

    public string? TokenFile { get; init; }
    public string? Token { get; init; }
    public string? ReadOnlyTokenFile { get; init; }
    public string? ReadOnlyToken { get; init; }

    /// <summary>
    /// The one search this node runs (<c>mopt run</c>'s node): submitting or resuming any other is refused, so no search
    /// is left behind when the run ends and stops the node. Null: any.
    /// </summary>
    public string? OnlySearch { get; init; }

    /// <summary>
    /// Reads <c>--command-port</c>, <c>--command-bind</c>, <c>--command-tls</c>, <c>--token-file</c>, <c>--readonly-token-file</c>, <c>--only-search</c>, then
    /// MOPT_COMMAND_PORT, MOPT_COMMAND_BIND, MOPT_COMMAND_TLS, MOPT_TOKEN_FILE, MOPT_TOKEN, MOPT_READONLY_TOKEN_FILE, MOPT_READONLY_TOKEN,
    /// then the <c>Node</c> section of appsettings.json (CommandPort, CommandBind, CommandTls, TokenFile, ReadOnlyTokenFile).
    /// Tokens themselves are never read from the command line (it shows in process lists).
    /// </summary>
    public static CommandEndpointOptions Read(IConfiguration configuration)
    {
        string? Get(string name, string? appSetting) =>
            configuration[name] ?? configuration[$"MOPT_{name.Replace('-', '_').ToUpperInvariant()}"] ?? (appSetting is null ? null : configuration[$"Node:{appSetting}"]);

        var defaults = new CommandEndpointOptions();
        var port = Get("command-port", "CommandPort");
        int? parsed = port is null ? null
            : int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 65535 ? n
            : throw new ArgumentException($"--command-port: expected a port from 0 to 65535, got '{port}'");
        return new CommandEndpointOptions
        {
            Port = parsed ?? defaults.Port,
            Bind = Get("command-bind", "CommandBind") ?? defaults.Bind,
            Https = Get("command-tls", "CommandTls") is { } https && NodeOptions.Flag(https, "--command-tls"),
            TokenFile = Get("token-file", "TokenFile"),
            Token = configuration["MOPT_TOKEN"],
            ReadOnlyTokenFile = Get("readonly-token-file", "ReadOnlyTokenFile"),
            ReadOnlyToken = configuration["MOPT_READONLY_TOKEN"],
            OnlySearch = Get("only-search", null),
        };
    }
}
