using Microsoft.Extensions.DependencyInjection;

namespace ModelOpt.Cluster.Commands;

public static class CommandsServiceExtensions
{
    /// <summary>Registers <see cref="SearchCommands"/>, <see cref="ExternalTrialCommands"/> and <see cref="ClusterCommands"/> for any node (coordinator or proxy).</summary>
    public static IServiceCollection AddModelOptCommands(this IServiceCollection services) => services
        .AddSingleton<SearchCommands>()
        .AddSingleton<ExternalTrialCommands>()
        .AddSingleton<ClusterCommands>();
}
