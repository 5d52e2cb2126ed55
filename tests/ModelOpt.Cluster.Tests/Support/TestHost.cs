using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>A one-process cluster (coordinator + worker) built with the product's own hosting extensions.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TestHost(IHost host) => _host = host;

    public SearchCommands Commands => _host.Services.GetRequiredService<SearchCommands>();

    public ExternalTrialCommands External => _host.Services.GetRequiredService<ExternalTrialCommands>();

    public IServiceProvider Services => _host.Services;

    /// <param name="catalog">The kinds its searches may name; <see cref="TestCatalog.All"/> when null.</param>
    public static async Task<TestHost> StartAsync(int slots, string? journal = null, string? checkpoints = null, int snapshotEvery = SearchEntity.DefaultSnapshotEvery,
        RetentionOptions? retention = null, SearchCatalog? catalog = null)
    {
        catalog ??= TestCatalog.All;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddModelOptCommands(catalog);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAkka("mopt-test", akka => akka
            .ConfigureLoggers(l => l.LogLevel = Akka.Event.LogLevel.WarningLevel)
            .AddModelOptSerialization()
            .WithModelOptClustering("127.0.0.1", 0, [], [CoordinatorHostingExtensions.CoordinatorRole, CoordinatorHostingExtensions.WorkerRole])
            .WithModelOptPersistence(journal)
            .WithModelOptCoordinator(catalog, snapshotEvery, retention)
            .WithModelOptWorker(slots, catalog, checkpoints));
        var host = builder.Build();
        await host.StartAsync();
        return new TestHost(host);
    }

    /// <summary>Polls the search until it is no longer running, failing after <paramref name="timeout"/>.</summary>
    public async Task<SearchInfo> WaitUntilDoneAsync(string searchId, TimeSpan? timeout = null)
    {
        SearchInfo? snapshot = null;
        await Eventually.HoldsAsync(
            async () => !(snapshot = await Commands.GetAsync(searchId) ?? throw new InvalidOperationException($"search {searchId} is unknown")).IsRunning,
            timeout ?? TimeSpan.FromSeconds(30),
            () => $"search {searchId} still running: {string.Join(", ", snapshot!.Trials.Select(t => $"{t.TrialId}={t.Status}"))}");
        return snapshot!;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
