using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Cluster.Journal;
using ModelOpt.Node.Endpoint;
using ModelOpt.Training;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// <c>ModelOpt.Node dashboard --journal J</c>: the endpoint and dashboard over a journal opened read-only
/// (<see cref="JournalCommandApi"/>) with no actor system, so nothing here can change a search. <c>mopt dashboard
/// --journal</c> starts it as <c>mopt run</c> starts its node (<c>--print-ready</c>, <c>--stop-on-stdin-close</c>); run
/// by hand, it prints a one-time read-only sign-in link and stops on Ctrl+C or SIGTERM. Options: <c>--journal</c>
/// (MOPT_JOURNAL, which keeps a PostgreSQL password out of process lists), <c>--command-port</c> (default: a free one),
/// <c>--command-bind</c> (default 127.0.0.1), the endpoint's token options, <c>--log-level</c> (default warning).
/// </summary>
public static class JournalDashboardHost
{
    public const string Verb = "dashboard";

    /// <summary>A journal another process may still be writing is re-read this often while a page watches a running search.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        IHost host;
        JournalCommandApi api;
        bool printReady;
        try
        {
            (host, api, printReady) = Build(configuration);
        }
        catch (Exception e) when (e is ArgumentException or JournalException)
        {
            error.WriteLine($"mopt-node: {e.Message}");
            return 2;
        }
        using (host)
        {
            try
            {
                await host.StartAsync();
            }
            catch (IOException e)
            {
                error.WriteLine($"mopt-node: the dashboard cannot listen: {e.Message}");
                return 1;
            }
            if (!printReady)
            {
                var url = host.Services.GetRequiredService<EndpointAddress>().Url!;
                output.WriteLine($"dashboard for the journal {api.Description} (read-only): {host.Services.GetRequiredService<DashboardServer>().SignInLink(url, Access.ReadOnly)}");
                output.WriteLine("that link signs one browser in once; Ctrl+C stops the dashboard");
            }
            await host.WaitForShutdownAsync();
        }
        return 0;
    }

    private static (IHost Host, JournalCommandApi Api, bool PrintReady) Build(IConfiguration configuration)
    {
        string? Get(string name) => configuration[name] ?? configuration[$"MOPT_{name.Replace('-', '_').ToUpperInvariant()}"];

        var journal = Get("journal") ?? throw new ArgumentException("dashboard: give the journal to serve with --journal (a SQLite file or a PostgreSQL connection string)");
        var api = new JournalCommandApi(new JournalReader(JournalConnection.For(journal), TrainingCatalog.Default));
        var endpoint = CommandEndpointOptions.Read(configuration);
        if (endpoint.Https) throw new ArgumentException("--command-tls: the journal dashboard serves plain HTTP; bind it to loopback or put it behind a TLS proxy");
        endpoint = endpoint with
        {
            Port = Get("command-port") is null ? 0 : endpoint.Port,
            Bind = Get("command-bind") ?? "127.0.0.1",
            // Sign-in links and the read-only tokens open this dashboard; without a token of its own, the endpoint's
            // token check gets one nobody is shown.
            Token = endpoint.Token ?? (endpoint.TokenFile is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : null),
        };
        var stopOnStdinClose = Get("stop-on-stdin-close") is { } stop && NodeOptions.Flag(stop, "--stop-on-stdin-close");
        var printReady = Get("print-ready") is { } ready && NodeOptions.Flag(ready, "--print-ready");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(Get("log-level") is { } level ? NodeOptions.Level(level) : LogLevel.Warning);
        builder.Services.AddSingleton<ICommandApi>(api);
        builder.Services.AddSingleton(TrainingCatalog.Default);
        builder.Services.AddModelOptEndpoint(endpoint, new DashboardOptions(DashboardMode.Journal, api.Description) { RefreshInterval = Refresh });
        if (stopOnStdinClose) builder.Services.AddSingleton<IHostLifetime, ParentLifetime>();
        // Last, so the line comes once the endpoint listens.
        if (printReady) builder.Services.AddHostedService<ReadyLine>();
        return (builder.Build(), api, printReady);
    }
}
