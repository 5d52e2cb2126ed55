using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using Xunit;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>
/// A real node on localhost for the CLI tests: coordinator + worker (2 CPU slots), SQLite journal in a temp dir,
/// command endpoint on 127.0.0.1:9140 with a full and a read-only token. Its log lines are kept for assertions.
/// Subclasses put it on other ports.
/// </summary>
public class CommandNode : IAsyncLifetime
{
    public const string Host = "127.0.0.1:9140";
    public const string FullToken = "full-token-for-cli-tests-5f3a9c";
    public const string ReadOnlyToken = "read-only-token-for-cli-tests-77b1";

    private readonly int _remotingPort;
    private readonly int _commandPort;
    private IHost? _host;

    public CommandNode() : this(4140, 9140)
    {
    }

    // Protected: xUnit needs one public constructor on a fixture; subclasses put the node on their own ports.
    protected CommandNode(int remotingPort, int commandPort)
    {
        _remotingPort = remotingPort;
        _commandPort = commandPort;
    }

    /// <summary>This node's endpoint as <c>host:port</c>.</summary>
    public string Address => $"127.0.0.1:{_commandPort}";

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), $"mopt-cli-tests-{Guid.NewGuid():N}");

    public ConcurrentQueue<string> Logs { get; } = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        _host = NodeHost.Build(new NodeOptions
        {
            Port = _remotingPort,
            Slots = 2,
            Gpus = "none",
            Journal = Path.Combine(Dir, "journal.db"),
            Checkpoints = Path.Combine(Dir, "checkpoints"),
            LogLevel = LogLevel.Warning,
            Endpoint = new CommandEndpointOptions { Port = _commandPort, Bind = "127.0.0.1", Token = FullToken, ReadOnlyToken = ReadOnlyToken },
        }, configureServices: s => s
            .AddSingleton<IHostLifetime, FixtureLifetime>()
            .AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs)));
        return _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the journal briefly; a temp dir left behind is harmless.
        }
    }

    /// <summary>A client with the full token, for setting up and polling.</summary>
    public ModelOptClient Client() => new(new Uri($"http://{Address}"), FullToken);

    /// <summary>Polls the search until <paramref name="condition"/> holds; fails after a generous deadline.</summary>
    public async Task<SearchInfo> WaitForAsync(string searchId, Func<SearchInfo, bool> condition, string what)
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var search = await client.GetSearchAsync(searchId);
            if (condition(search)) return search;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{searchId}: {what} did not happen within 90 s (status {search.Status})");
            await Task.Delay(100);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CommandNodeCollection : ICollectionFixture<CommandNode>
{
    public const string Name = "command node";
}
