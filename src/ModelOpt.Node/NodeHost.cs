using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Training;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace ModelOpt.Node;

/// <summary>Builds a node's host from its options; the node executable and the CLI's embedded mode both use it.</summary>
public static class NodeHost
{
    public static IHost Build(NodeOptions options, string[]? args = null)
    {
        TrainingWorkloads.Register();
        var builder = Host.CreateApplicationBuilder(args ?? []);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.AddModelOptCommands();
        builder.Services.AddAkka("modelopt", akka =>
        {
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = ToAkka(options.LogLevel);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .AddModelOptSerialization()
                .WithModelOptClustering(options.Hostname, options.Port, options.SeedNodes, options.Roles)
                .WithModelOptPersistence(options.Journal);
            if (options.IsCoordinator) akka.WithModelOptCoordinator();
            else akka.WithModelOptCoordinatorProxies();
            if (options.IsWorker) akka.WithModelOptWorker(options.Slots, options.Checkpoints);
        });
        return builder.Build();
    }

    private static AkkaLogLevel ToAkka(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => AkkaLogLevel.DebugLevel,
        LogLevel.Information => AkkaLogLevel.InfoLevel,
        LogLevel.Warning => AkkaLogLevel.WarningLevel,
        _ => AkkaLogLevel.ErrorLevel,
    };
}
