using Microsoft.Extensions.DependencyInjection;
using ModelOpt.Cluster.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelOpt.Node.Telemetry;

public static class TelemetryServiceExtensions
{
    public const string DefaultServiceName = "modelopt-node";

    /// <summary>.NET's own runtime meter (GC, heap, thread pool, exceptions), built in since .NET 9.</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Any tracer or meter provider of the host listens to the product's source and meter (and the runtime meter). The
    /// node starts providers only when something exports: metrics for Prometheus at <c>/metrics</c> whenever the
    /// management port is served (<see cref="PrometheusScrape"/>), OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (protocol,
    /// headers, sampler, export interval and resource from the standard OTEL_* variables; metrics too unless
    /// OTEL_METRICS_EXPORTER leaves out otlp), the console with
    /// <see cref="NodeOptions.TelemetryConsole"/>. Without any, no listener is attached and the instrumentation costs next
    /// to nothing.
    /// </summary>
    public static IServiceCollection AddModelOptTelemetry(this IServiceCollection services, NodeOptions options)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(ModelOptTelemetry.Name));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(ModelOptTelemetry.Name, RuntimeMeter));
        var scrape = options.ServedManagementPort is null ? null : new PrometheusScrape();
        var otlp = options.OtlpEndpoint is not null;
        if (scrape is null && !otlp && !options.TelemetryConsole) return services;
        if (scrape is not null) services.AddSingleton(scrape);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service; this is only the fallback.
                if (Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is null) resource.AddService(DefaultServiceName);
            })
            .WithMetrics(metrics =>
            {
                if (scrape is not null) metrics.AddReader(scrape.Reader);
                if (otlp && options.OtlpMetrics) metrics.AddOtlpExporter();
                if (options.TelemetryConsole) metrics.AddConsoleExporter();
            });
        if (!otlp && !options.TelemetryConsole) return services;
        telemetry.WithTracing(tracing =>
        {
            if (otlp) tracing.AddOtlpExporter();
            if (options.TelemetryConsole) tracing.AddConsoleExporter();
        });
        return services;
    }
}
