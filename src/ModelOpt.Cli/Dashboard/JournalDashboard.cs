using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cli.Client;
using ModelOpt.Client;
using ModelOpt.Cluster.Journal;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;

namespace ModelOpt.Cli.Dashboard;

/// <summary>
/// Serves the dashboard over a journal opened read-only (<see cref="JournalCommandApi"/>): the same endpoint and page as
/// a coordinator's, with nothing that can change a search. It prints a one-time sign-in link; the local token
/// (<c>~/.config/modelopt/token</c>) signs in too, read-only. Runs until Ctrl+C.
/// </summary>
public sealed class JournalDashboard(CliIo io)
{
    /// <summary>A journal another process may still be writing is re-read this often while a page watches a running search.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(string journal, int port, string bind, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535) throw new CliFailure(ExitCodes.Usage, $"--port: expected a port from 0 to 65535, got {port}");
        JournalCommandApi api;
        try
        {
            api = new JournalCommandApi(new JournalReader(JournalConnection.For(journal)));
        }
        catch (JournalException e)
        {
            throw new CliFailure(ExitCodes.Usage, e.Message);
        }
        // Only sign-in links and the local token open this dashboard; the session token below exists for the endpoint's
        // token check alone and is never shown.
        var endpoint = new CommandEndpointOptions
        {
            Port = port,
            Bind = bind,
            Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ReadOnlyTokenFile = LocalTokenFile(),
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ICommandApi>(api);
        builder.Services.AddModelOptEndpoint(endpoint, new DashboardOptions(DashboardMode.Journal, api.Description) { RefreshInterval = Refresh });
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new CliFailure(ExitCodes.Failed, $"the dashboard cannot listen on {bind}:{port}: {e.Message}");
        }
        var url = host.Services.GetRequiredService<EndpointAddress>().Url
                  ?? throw new CliFailure(ExitCodes.Failed, "the dashboard did not start (see the messages above)");
        var link = host.Services.GetRequiredService<DashboardServer>().SignInLink(url, Access.ReadOnly);
        io.Out.WriteLine($"dashboard for the journal {api.Description} (read-only): {link}");
        io.Out.WriteLine("that link signs one browser in once; Ctrl+C stops the dashboard");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        await host.StopAsync(CancellationToken.None);
        return 0;
    }

    private string? LocalTokenFile()
    {
        var file = Path.Combine(ConfigDirectory.Path(io.Environment), LocalToken.FileName);
        return File.Exists(file) && new FileInfo(file).Length > 0 ? file : null;
    }
}
