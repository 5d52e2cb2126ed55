using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Node.Commands;
using ModelOpt.Node.Dashboard;

namespace ModelOpt.Node.Endpoint;

/// <summary>
/// The command endpoint of a coordinator node: HTTP/JSON over <see cref="ICommandApi"/> and the web dashboard over the
/// same API, every request checked for a bearer token or a dashboard session. It runs as its own small Kestrel app inside
/// the node's host, so the node's host stays a plain generic host and nodes without the coordinator role carry no web server.
/// </summary>
public sealed class CommandEndpoint(
    CommandEndpointOptions options, AccessTokens tokens, ICommandApi api, DashboardServer dashboard, SearchFeeds feeds, EndpointAddress address,
    ILogger<CommandEndpoint> logger) : IHostedService
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (tokens.IsEmpty)
        {
            logger.LogError("The command endpoint is off: no token is configured (set MOPT_TOKEN_FILE, --token-file or MOPT_TOKEN)");
            return;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = InputLimits.MaxBodyBytes;
            kestrel.AddServerHeader = false;
            Action<ListenOptions> https = listen => { if (options.Certificate is { } certificate) listen.UseHttps(certificate); };
            if (options.Bind == "localhost") kestrel.ListenLocalhost(options.Port, https);
            else if (IPAddress.TryParse(options.Bind, out var ip)) kestrel.Listen(ip, options.Port, https);
            else throw new ArgumentException($"--command-bind: expected an IP address or localhost, got '{options.Bind}'");
        });
        var app = builder.Build();
        app.Use(new TokenCheck(tokens, dashboard.Sessions, logger).InvokeAsync);
        dashboard.Map(app, app.Lifetime.ApplicationStopping);
        EndpointRoutes.Map(app, api, logger);
        await app.StartAsync(cancellationToken);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address.Url = new Uri(bound);
        logger.LogInformation("Command endpoint listening on {Address}; dashboard at {Address}{Path}/", bound, bound, DashboardServer.Root);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        feeds.Dispose();
        await _app.StopAsync(cancellationToken);
        await _app.DisposeAsync();
        _app = null;
    }
}
