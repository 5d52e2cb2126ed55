using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;

namespace ModelOpt.Node;

/// <summary>
/// With <c>--print-ready</c>: once everything has started, one JSON line on stdout saying so and where the command
/// endpoint listens (<c>{"ready":true,"endpoint":"http://127.0.0.1:41234","dashboard":"…/dashboard/signin?code=…"}</c>),
/// so the program that started the node (<c>mopt run</c>) knows when and where to connect, also when it asked for any
/// free port. The dashboard field is a one-time sign-in link for that program to show its user; only it reads this line.
/// It signs in with full access, or read-only where the dashboard serves a journal (<see cref="JournalDashboardHost"/>).
/// </summary>
public sealed class ReadyLine(IServiceProvider services) : IHostedService
{
    public const string ReadyField = "ready";
    public const string EndpointField = "endpoint";
    public const string DashboardField = "dashboard";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = services.GetService<EndpointAddress>()?.Url;
        var dashboard = endpoint is null ? null : services.GetService<DashboardServer>()?.SignInLink(endpoint, LinkAccess(services.GetService<DashboardOptions>()));
        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            [ReadyField] = true, [EndpointField] = endpoint?.ToString().TrimEnd('/'), [DashboardField] = dashboard,
        });
        Console.Out.WriteLine(line);
        Console.Out.Flush();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Access LinkAccess(DashboardOptions? dashboard) => dashboard?.Mode == DashboardMode.Journal ? Access.ReadOnly : Access.Full;
}
