using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Http.Dsl;
using Akka.Management.Dsl;
using Ceen;
using Microsoft.Extensions.DependencyInjection;
using ModelOpt.Node.Telemetry;
using Route = System.ValueTuple<string, Akka.Http.Dsl.HttpModuleBase>;

namespace ModelOpt.Node.Management;

/// <summary>
/// Serves the node's metrics for Prometheus at <c>/metrics</c> on the management port (see
/// <see cref="PrometheusScrape"/>). Like the health routes it is unauthenticated and meant for the cluster's own
/// network: it exposes counts, timings and the ids of nodes, searches and trials, never a configuration value or secret.
/// </summary>
public sealed class MetricsRoutes(ExtendedActorSystem system) : IManagementRouteProvider
{
    public const string Path = "/metrics";

    private static readonly TimeSpan CollectTimeout = TimeSpan.FromSeconds(10);

    public Route[] Routes(ManagementRouteProviderSettings settings) => [(Path, new MetricsModule(system))];

    private sealed class MetricsModule(ActorSystem system) : HttpModuleBase
    {
        public override async Task<bool> HandleAsync(IAkkaHttpContext context)
        {
            var scrape = DependencyResolver.For(system).Resolver.GetService<PrometheusScrape>();
            var response = context.HttpContext.Response;
            try
            {
                var text = await Task.Run(() => scrape.CollectAsync(CollectTimeout));
                response.StatusCode = HttpStatusCode.OK;
                await response.WriteAllAsync(text, PrometheusText.ContentType);
            }
            catch (TimeoutException e)
            {
                response.StatusCode = HttpStatusCode.ServiceUnavailable;
                await response.WriteAllAsync(e.Message, "text/plain");
            }
            return true;
        }
    }
}
