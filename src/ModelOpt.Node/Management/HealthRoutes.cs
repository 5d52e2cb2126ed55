using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Http.Dsl;
using Akka.Management.Dsl;
using Ceen;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Route = System.ValueTuple<string, Akka.Http.Dsl.HttpModuleBase>;

namespace ModelOpt.Node.Management;

/// <summary>
/// Serves the node's health checks on the Akka.Management port (Akka.Management for .NET has no health routes of its
/// own): <c>/health/alive</c> runs the checks tagged <see cref="ManagementHostingExtensions.LivenessTag"/>,
/// <c>/health/ready</c> those tagged <see cref="ManagementHostingExtensions.ReadinessTag"/>; 200 when healthy, else 503,
/// with the status as text. Loaded by Akka.Management by type (see <see cref="AkkaManagementOptions.RouteProviders"/>).
/// </summary>
public sealed class HealthRoutes(ExtendedActorSystem system) : IManagementRouteProvider
{
    public Route[] Routes(ManagementRouteProviderSettings settings) =>
    [
        ("/health/alive", new HealthModule(system, ManagementHostingExtensions.LivenessTag)),
        ("/health/ready", new HealthModule(system, ManagementHostingExtensions.ReadinessTag)),
    ];

    private sealed class HealthModule(ActorSystem system, string tag) : HttpModuleBase
    {
        public override async Task<bool> HandleAsync(IAkkaHttpContext context)
        {
            var checks = DependencyResolver.For(system).Resolver.GetService<HealthCheckService>();
            var report = await checks.CheckHealthAsync(r => r.Tags.Contains(tag));
            var response = context.HttpContext.Response;
            response.StatusCode = report.Status == HealthStatus.Unhealthy ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
            await response.WriteAllAsync(report.Status.ToString(), "text/plain");
            return true;
        }
    }
}
