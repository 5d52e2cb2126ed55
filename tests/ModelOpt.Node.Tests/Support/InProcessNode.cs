using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node.Endpoint;

namespace ModelOpt.Node.Tests.Support;

/// <summary>
/// A real node in this process (<see cref="NodeHost"/>) with a temporary directory of its own (for its journal,
/// checkpoints or certificates), started and stopped by its owner alone: a Ctrl+C to the test host is not the node's.
/// The in-process node of the Node and CLI test fixtures and of the dashboard benchmarks (their projects link this file).
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessNode(IHost host, string dir)
    {
        _host = host;
        Dir = dir;
    }

    /// <summary>The node's temporary directory, deleted when it stops.</summary>
    public string Dir { get; }

    public IServiceProvider Services => _host.Services;

    public ICommandApi Api => Services.GetRequiredService<ICommandApi>();

    /// <summary>Where the command endpoint listens (its bound port where it was given 0).</summary>
    public Uri Url => Services.GetRequiredService<EndpointAddress>().Url ?? throw new InvalidOperationException("the node serves no command endpoint");

    /// <summary>Starts a node with the options <paramref name="options"/> makes for its new directory.</summary>
    /// <param name="name">Names the directory (<c>mopt-NAME-…</c> in the temp folder).</param>
    /// <param name="services">Extra services, e.g. a logger provider that keeps the node's log lines.</param>
    public static async Task<InProcessNode> StartAsync(string name, Func<string, NodeOptions> options, Action<IServiceCollection>? services = null)
    {
        var dir = Directory.CreateTempSubdirectory($"mopt-{name}-").FullName;
        var host = NodeHost.Build(options(dir), configureServices: s =>
        {
            s.AddSingleton<IHostLifetime, OwnerLifetime>();
            services?.Invoke(s);
        });
        var node = new InProcessNode(host, dir);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public async Task<string> SubmitAsync(string spec) => (await Api.SubmitSearchAsync(new SubmitRequest(spec))).SearchId;

    /// <summary>Polls the search until <paramref name="condition"/> holds; fails after a generous deadline.</summary>
    public async Task<SearchInfo> WaitForAsync(string searchId, Func<SearchInfo, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            var search = await Api.GetSearchAsync(searchId);
            if (condition(search)) return search;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{searchId}: {what} did not happen within {WaitLimit.TotalSeconds} s (status {search.Status})");
            await Task.Delay(100);
        }
    }

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(120);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the journal a moment longer; a temporary directory left behind is harmless.
            }
        }
    }

    /// <summary>The owner starts and stops the node; the host process' signals are not its business.</summary>
    private sealed class OwnerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
