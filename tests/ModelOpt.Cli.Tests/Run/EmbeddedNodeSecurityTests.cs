using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Run;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Cluster.Security;
using ModelOpt.Node;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Search.Tests.Specs;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

/// <summary>
/// <c>mopt run</c>'s node is for this process alone: remoting on loopback with mutual TLS from a CA that exists only in
/// memory, so no other node can join it; and its trials see none of the secrets in its environment. Ports 21142-21143.
/// </summary>
public sealed class EmbeddedNodeSecurityTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-sec-embedded-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { } // SQLite may still hold the journal briefly
    }

    [Fact]
    public async Task The_embedded_node_listens_on_loopback_with_TLS_and_refuses_a_node_that_tries_to_join()
    {
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(_dir, "config"), ["MOPT_COMMAND_PORT"] = "21143" };
        var spec = TestSpecs.Write(_dir, "slow.yaml", TestSpecs.SlowCurve);
        var run = new RunSearch(TestConsoles.Plain(new StringWriter()), new StringWriter(), TrainingCatalog.Default, environment.GetValueOrDefault)
            .RunAsync(new RunRequest(new FileInfo(spec), null, 1, new DirectoryInfo(Path.Combine(_dir, "run")), null), CancellationToken.None);

        using var client = new ModelOptClient((await ConnectionAsync(environment)).Options);
        var view = await client.ShowClusterAsync();
        Assert.StartsWith("akka.ssl.tcp://modelopt@127.0.0.1:", view.Self);

        var rogueLog = new ConcurrentQueue<string>();
        using (var rogue = NodeHost.Build(new NodeOptions
        {
            Roles = ["worker"], Port = 21142, Slots = 2, Gpus = "none", SeedNodes = [view.Self], Tls = ClusterTls.InMemory(), LogLevel = LogLevel.Warning,
        }, configureServices: s => s.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(rogueLog))))
        {
            await rogue.StartAsync();
            // The rogue refuses the embedded node's certificate and Akka.Remote then stops the rogue's actor system; the
            // refusal's log line can be lost when the system stops before its logger writes it, so the stop for a failed
            // TLS handshake (exit code 79) is evidence of the refusal too.
            var rogueSystem = rogue.Services.GetRequiredService<ActorSystem>();
            await Until(() => rogueLog.Any(l => l.Contains("Remoting refused")) || CoordinatedShutdown.Get(rogueSystem).ShutdownReason?.ExitCode == 79,
                "the rogue's handshake with the embedded node fails");
            Assert.Equal([view.Self], (await client.ShowClusterAsync()).Members.Select(m => m.Address));
            Assert.All(await client.ListWorkersAsync(), slot => Assert.Equal(view.Self, slot.Node));
            await rogue.StopAsync();
        }

        foreach (var search in await client.ListSearchesAsync()) await client.StopSearchAsync(search.SearchId);
        Assert.Equal(RunSearch.Failed, await run);
    }

    [Fact]
    public async Task A_trial_of_mopt_run_sees_none_of_the_secrets_in_its_environment()
    {
        var dump = Path.Combine(_dir, "trial-env.txt");
        var spec = TestSpecs.Write(_dir, "env.yaml", HostileSpecs.EnvironmentDump(dump));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "mopt.dll"), "run", spec, "--dir", Path.Combine(_dir, "run") })
            info.ArgumentList.Add(argument);
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(_dir, "config");
        info.Environment["MOPT_COMMAND_PORT"] = "0";
        string[] secrets =
        [
            "MOPT_TOKEN", "MOPT_TOKEN_FILE", "MOPT_READONLY_TOKEN", "MOPT_READONLY_TOKEN_FILE", "MOPT_JOURNAL", "MOPT_SEED_NODES", "MOPT_TLS_DIR",
            "Node__TokenFile", "PGPASSWORD", "OTEL_EXPORTER_OTLP_HEADERS",
        ];
        foreach (var name in secrets) info.Environment[name] = $"sec-test-secret-{name}";

        using var mopt = Process.Start(info)!;
        var output = mopt.StandardOutput.ReadToEndAsync();
        var errors = mopt.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        await mopt.WaitForExitAsync(deadline.Token);

        Assert.True(mopt.ExitCode == 0, $"exit {mopt.ExitCode}\n{await output}\n{await errors}");
        var seen = await File.ReadAllTextAsync(dump);
        Assert.DoesNotContain("sec-test-secret", seen);
        Assert.Contains("MOPT_TRIAL_CONFIG=", seen);
    }

    /// <summary>The local endpoint once <c>mopt run</c> has published it in the context file.</summary>
    private static async Task<Connection> ConnectionAsync(Dictionary<string, string> environment)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var connection = Connection.Resolve(null, null, environment.GetValueOrDefault);
            if (connection.Token is not null && connection.BaseAddress.Port == 21143)
            {
                using var probe = new ModelOptClient(connection.Options);
                try
                {
                    if ((await probe.ListSearchesAsync()).Count > 0) return connection;
                }
                catch (CommandException) when (DateTime.UtcNow < deadline)
                {
                    // not listening yet
                }
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("mopt run did not publish its endpoint");
            await Task.Delay(200);
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Deadline}: {what}");
            await Task.Delay(200);
        }
    }
}
