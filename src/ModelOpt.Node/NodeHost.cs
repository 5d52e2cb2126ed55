using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Workers;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Node.Management;
using ModelOpt.Node.Telemetry;
using ModelOpt.Node.Endpoint;
using ModelOpt.Search;
using ModelOpt.Training;
using ModelOpt.Training.Devices;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace ModelOpt.Node;

/// <summary>Builds a node's host from its options; the node executable and the CLI's embedded mode both use it.</summary>
public static class NodeHost
{
    /// <param name="configureServices">Extra services (the CLI replaces the console lifetime so Ctrl+C reaches it first).</param>
    /// <param name="rejoining">The node was downed and joins again (<see cref="RejoiningNode"/>): it joins an existing cluster, and forms one only as the first seed once every other seed says it is in none.</param>
    /// <param name="catalog">The kinds its specs may name; <see cref="TrainingCatalog.Default"/> when null.</param>
    public static IHost Build(NodeOptions options, string[]? args = null, Action<IServiceCollection>? configureServices = null, bool rejoining = false,
        SearchCatalog? catalog = null)
    {
        catalog ??= TrainingCatalog.Default;
        // Resolved here, not inside AddAkka's deferred callback, so a bad --gpus fails before anything starts.
        var devices = options.IsWorker ? WorkerDevices.Resolve(options.Slots, options.Gpus, CudaDevices.Count, options.TrialsPerGpu) : null;
        var builder = Host.CreateApplicationBuilder(args ?? []);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.AddModelOptCommands(catalog);
        builder.Services.AddModelOptTelemetry(options);
        if (options.ServedManagementPort is not null) builder.Services.AddHealthChecks();
        if (options.StopOnStdinClose) builder.Services.AddSingleton<IHostLifetime, ParentLifetime>();
        configureServices?.Invoke(builder.Services);
        builder.Services.AddAkka("modelopt", akka =>
        {
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = ToAkka(options.LogLevel);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .AddModelOptSerialization()
                .WithModelOptClustering(options.Hostname, options.Port, options.SeedNodes, options.Roles, new ClusteringOptions
                {
                    DownAfter = options.DownAfter,
                    HeartbeatPause = options.HeartbeatPause,
                    RejoinAfter = options.RejoinAfter,
                    PublicHostname = options.PublicHostname,
                    PublicPort = options.PublicPort,
                    Bootstrapped = options.Discovery is not null,
                    Rejoining = rejoining,
                    Tls = options.Tls,
                })
                .WithModelOptPersistence(options.Journal);
            if (options.ServedManagementPort is { } managementPort) akka.WithModelOptManagement(options.Hostname, managementPort, options.Discovery, formsClusters: !rejoining);
            if (options.IsCoordinator) akka.WithModelOptCoordinator(catalog, options.SnapshotEvery, options.Retention, options.StartBeforeStored);
            else akka.WithModelOptCoordinatorProxies();
            if (devices is not null) akka.WithModelOptWorker(devices, catalog, options.Checkpoints, new TrialIsolationOptions(options.TrialIsolation, options.TrialHostCommand));
        });
        // After AddAkka: hosted services start in order and stop in reverse, so commands arrive only while Akka runs.
        if (options.IsCoordinator && options.Endpoint is { } endpoint) builder.Services.AddModelOptCommandEndpoint(endpoint);
        // Last, so the line comes once everything else has started.
        if (options.PrintReady) builder.Services.AddHostedService<ReadyLine>();
        var host = builder.Build();
        if (options.Tls is null && !IsLoopback(options.Hostname))
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NodeHost)).LogWarning(
                "Remoting on {Hostname}:{Port} is plain TCP: any process that reaches it can join the cluster. Give --tls-dir (docs/security.md)",
                options.Hostname, options.Port);
        return host;
    }

    private static bool IsLoopback(string hostname) =>
        hostname == "localhost" || (System.Net.IPAddress.TryParse(hostname, out var address) && System.Net.IPAddress.IsLoopback(address));

    private static AkkaLogLevel ToAkka(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => AkkaLogLevel.DebugLevel,
        LogLevel.Information => AkkaLogLevel.InfoLevel,
        LogLevel.Warning => AkkaLogLevel.WarningLevel,
        _ => AkkaLogLevel.ErrorLevel,
    };
}
