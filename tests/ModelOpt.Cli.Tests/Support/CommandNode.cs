using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using ModelOpt.Node.Tests.Support;
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
    private InProcessNode? _node;

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

    /// <summary>The node's temp directory (its journal and checkpoints), where tests also put their files.</summary>
    public string Dir => Node.Dir;

    public ConcurrentQueue<string> Logs { get; } = new();

    private InProcessNode Node => _node ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync() =>
        _node = await InProcessNode.StartAsync("cli-tests", dir => new NodeOptions
        {
            Port = _remotingPort,
            Slots = 2,
            Gpus = "none",
            Journal = Path.Combine(dir, "journal.db"),
            Checkpoints = Path.Combine(dir, "checkpoints"),
            LogLevel = LogLevel.Warning,
            Endpoint = new CommandEndpointOptions { Port = _commandPort, Bind = "127.0.0.1", Token = FullToken, ReadOnlyToken = ReadOnlyToken },
        }, s => s.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs)));

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }

    /// <summary>A client with the full token, for setting up and polling.</summary>
    public ModelOptClient Client() => new(new Uri($"http://{Address}"), FullToken);

    /// <inheritdoc cref="InProcessNode.WaitForAsync"/>
    public Task<SearchInfo> WaitForAsync(string searchId, Func<SearchInfo, bool> condition, string what) => Node.WaitForAsync(searchId, condition, what);
}

[CollectionDefinition(Name)]
public sealed class CommandNodeCollection : ICollectionFixture<CommandNode>
{
    public const string Name = "command node";
}
