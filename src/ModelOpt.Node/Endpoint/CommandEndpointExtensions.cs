using Microsoft.Extensions.DependencyInjection;
using ModelOpt.Client;
using ModelOpt.Node.Commands;

namespace ModelOpt.Node.Endpoint;

public static class CommandEndpointExtensions
{
    /// <summary>
    /// The command API through the actors and its HTTP endpoint (coordinator nodes). Token files are read here, so a
    /// missing one fails the node's start with an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static IServiceCollection AddModelOptCommandEndpoint(this IServiceCollection services, CommandEndpointOptions options) => services
        .AddSingleton(options)
        .AddSingleton(AccessTokens.From(options))
        .AddSingleton<EndpointAddress>()
        .AddSingleton<ICommandApi, ClusterCommandApi>()
        .AddHostedService<CommandEndpoint>();
}
