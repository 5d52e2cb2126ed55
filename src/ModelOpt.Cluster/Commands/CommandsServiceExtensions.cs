using Microsoft.Extensions.DependencyInjection;

namespace ModelOpt.Cluster.Commands;

public static class CommandsServiceExtensions
{
    /// <summary>Registers <see cref="ISearchCommands"/>, <see cref="IExternalTrialCommands"/> and <see cref="IClusterCommands"/> for any node (coordinator or proxy).</summary>
    public static IServiceCollection AddModelOptCommands(this IServiceCollection services) => services
        .AddSingleton<ISearchCommands, SearchCommands>()
        .AddSingleton<IExternalTrialCommands, ExternalTrialCommands>()
        .AddSingleton<IClusterCommands, ClusterCommands>();
}
