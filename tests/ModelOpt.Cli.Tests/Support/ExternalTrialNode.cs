using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Node;
using ModelOpt.Node.Endpoint;
using Xunit;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>
/// A coordinator with no worker (external trials need none) for the ask/report/tell commands: endpoint on
/// 127.0.0.1:28140, Akka on 28141 (this suite's own ports), SQLite journal in a temp directory.
/// </summary>
public sealed class ExternalTrialNode : IAsyncLifetime
{
    public const string Host = "127.0.0.1:28140";
    public const string FullToken = "full-token-for-ask-tell-cli-tests-a41f";
    public const string ReadOnlyToken = "read-only-token-for-ask-tell-cli-tests-0b9e";

    private IHost? _host;

    public string Dir { get; } = Directory.CreateTempSubdirectory("mopt-ask-tell-cli-").FullName;

    public Task InitializeAsync()
    {
        _host = NodeHost.Build(new NodeOptions
        {
            Roles = [CoordinatorHostingExtensions.CoordinatorRole],
            Port = 28141,
            Journal = Path.Combine(Dir, "journal.db"),
            LogLevel = LogLevel.Warning,
            Endpoint = new CommandEndpointOptions { Port = 28140, Bind = "127.0.0.1", Token = FullToken, ReadOnlyToken = ReadOnlyToken },
        });
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
            // SQLite may hold the journal a moment longer; a temp directory left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExternalTrialNodeCollection : ICollectionFixture<ExternalTrialNode>
{
    public const string Name = "external trial node";
}
