using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOpt.Client;
using ModelOpt.Node.Commands;
using ModelOpt.Node.Dashboard;

namespace ModelOpt.Node.Endpoint;

public static class CommandEndpointExtensions
{
    /// <summary>
    /// The command API through the actors and its HTTP endpoint with the dashboard (coordinator nodes). Token files are
    /// read here, so a missing one fails the node's start with an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static IServiceCollection AddModelOptCommandEndpoint(this IServiceCollection services, CommandEndpointOptions options) => services
        .AddSingleton<ICommandApi, ClusterCommandApi>()
        .AddModelOptEndpoint(options, new DashboardOptions());

    /// <summary>The endpoint and dashboard over whichever <see cref="ICommandApi"/> is registered (a journal's, for <c>mopt dashboard</c>).</summary>
    public static IServiceCollection AddModelOptEndpoint(this IServiceCollection services, CommandEndpointOptions options, DashboardOptions dashboard)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddSingleton(options)
            .AddSingleton(AccessTokens.From(options))
            .AddSingleton<EndpointAddress>()
            .AddSingleton(dashboard)
            .AddSingleton<DashboardSessions>()
            .AddSingleton<DashboardAssets>()
            .AddSingleton<SearchSpecs>()
            .AddSingleton<SearchFeeds>()
            .AddSingleton<SearchAnalyses>()
            .AddSingleton<SearchSummaries>()
            .AddSingleton<DashboardServer>()
            .AddHostedService<CommandEndpoint>();
    }
}
