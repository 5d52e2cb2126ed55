using System.Globalization;
using System.Text.Json;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Run;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>
/// <c>mopt run</c>'s node serves the endpoint and mopt writes the context file, so the palettes reach it with no
/// host or token given.
/// </summary>
public sealed class LocalRunTests : IDisposable
{
    private const int Port = 9145;
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-local-run-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the journal briefly; a temp dir left behind is harmless.
        }
    }

    [Fact]
    public async Task A_local_run_is_listed_and_stopped_through_the_context_file()
    {
        var home = Path.Combine(_dir, "config");
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home, ["MOPT_COMMAND_PORT"] = Port.ToString(CultureInfo.InvariantCulture) };
        var spec = TestSpecs.Write(_dir, "slow.yaml", TestSpecs.SlowCurve);
        var mopt = new MoptRunner(home);

        var run = new RunSearch(TestConsoles.Plain(new StringWriter()), new StringWriter(), TrainingCatalog.Default, environment.GetValueOrDefault)
            .RunAsync(new RunRequest(new FileInfo(spec), null, 1, new DirectoryInfo(Path.Combine(_dir, "run")), null), CancellationToken.None);
        var list = await ListUntilRunningAsync(mopt);
        var id = JsonDocument.Parse(list.Out).RootElement[0].GetProperty("searchId").GetString()!;
        var other = await mopt.RunAsync("search", "submit", TestSpecs.Write(_dir, "other.yaml", TestSpecs.Branin(2)));
        var stop = await mopt.RunAsync("search", "stop", id);
        var runResult = await run;

        var context = ClientContext.Read(Path.Combine(home, "modelopt"))!;
        Assert.Equal($"127.0.0.1:{Port}", context.Host);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(context.TokenFile!));
        Assert.StartsWith("slow-curve-", id);
        // The run's node takes no second search: it would be abandoned when the run ends.
        Assert.Equal(1, other.Exit);
        Assert.Contains($"runs only its search {id}", other.Error);
        Assert.True(stop.Exit == 0, stop.ToString());
        Assert.Equal(RunSearch.Failed, runResult);
    }

    private static async Task<MoptResult> ListUntilRunningAsync(MoptRunner mopt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var list = await mopt.RunAsync("search", "list", "--json");
            if (list.Exit == 0 && list.Out.Contains("slow-curve", StringComparison.Ordinal)) return list;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the run's search was not listed within 90 s: {list}");
            await Task.Delay(200);
        }
    }
}
