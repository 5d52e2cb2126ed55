using Microsoft.Extensions.DependencyInjection;
using ModelOpt.Search;

namespace ModelOpt.Cluster.Commands;

public static class CommandsServiceExtensions
{
    /// <summary>
    /// Registers <see cref="SearchCommands"/>, <see cref="ExternalTrialCommands"/> and <see cref="ClusterCommands"/> for any
    /// node (coordinator or proxy), and <paramref name="catalog"/>, the kinds its specs are checked with.
    /// </summary>
    public static IServiceCollection AddModelOptCommands(this IServiceCollection services, SearchCatalog catalog) => services
        .AddSingleton(catalog)
        .AddSingleton<SearchCommands>()
        .AddSingleton<ExternalTrialCommands>()
        .AddSingleton<ClusterCommands>();
}
