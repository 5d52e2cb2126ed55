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
    /// node starts providers only when something exports: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (protocol, headers,
    /// sampler, export interval and resource from the standard OTEL_* variables), the console with
    /// <see cref="NodeOptions.TelemetryConsole"/>. Without either, no listener is attached and the instrumentation costs
    /// next to nothing.
    /// </summary>
    public static IServiceCollection AddModelOptTelemetry(this IServiceCollection services, NodeOptions options)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(ModelOptTelemetry.Name));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(ModelOptTelemetry.Name, RuntimeMeter));
        if (options.OtlpEndpoint is null && !options.TelemetryConsole) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service; this is only the fallback.
                if (Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is null) resource.AddService(DefaultServiceName);
            })
            .WithTracing(tracing =>
            {
                if (options.OtlpEndpoint is not null) tracing.AddOtlpExporter();
                if (options.TelemetryConsole) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                if (options.OtlpEndpoint is not null) metrics.AddOtlpExporter();
                if (options.TelemetryConsole) metrics.AddConsoleExporter();
            });
        return services;
    }
}
