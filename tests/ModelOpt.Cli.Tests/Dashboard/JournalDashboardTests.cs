using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelOpt.Cli.Run;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Cli.Tests.Dashboard;

/// <summary>
/// <c>mopt run</c> prints a one-time link into its dashboard, and <c>mopt dashboard --journal</c> serves a finished run's
/// journal read-only, with no node: over real HTTP on this test's own ports (22020-22022).
/// </summary>
public sealed class JournalDashboardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-journal-dashboard-").FullName;

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
    public async Task A_finished_runs_journal_is_served_read_only_through_a_one_time_link()
    {
        var home = Path.Combine(_dir, "config");
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = home, ["MOPT_COMMAND_PORT"] = "22021" };
        var spec = TestSpecs.Write(_dir, "branin.yaml", TestSpecs.Branin(8));
        var runOutput = new StringWriter();
        var ran = await new RunSearch(TestConsoles.Plain(runOutput), new StringWriter(), TrainingCatalog.Default, environment.GetValueOrDefault)
            .RunAsync(new RunRequest(new FileInfo(spec), null, 2, new DirectoryInfo(Path.Combine(_dir, "run")), null), CancellationToken.None);
        Assert.Equal(RunSearch.Ok, ran);
        Assert.Matches(@"dashboard: http://127\.0\.0\.1:22021/dashboard/signin\?code=\S+ \(a one-time sign-in link\)", runOutput.ToString());

        var output = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var io = new CliIo(TestConsoles.Plain(output), new StringWriter(), name => name == "XDG_CONFIG_HOME" ? home : null);
        var serving = Mopt.RunAsync(["dashboard", "--journal", Path.Combine(_dir, "run", "journal.db"), "--port", "22020"], io, TrainingCatalog.Default, stop.Token);
        var link = await LinkAsync(output, serving, 22020);

        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri("http://127.0.0.1:22020") };
        using var signIn = await http.GetAsync(new Uri(link).PathAndQuery);
        using var session = JsonDocument.Parse(await http.GetStringAsync("/api/v1/dashboard/session"));
        using var searches = JsonDocument.Parse(await http.GetStringAsync("/api/v1/dashboard/searches"));
        var searchId = searches.RootElement[0].GetProperty("searchId").GetString()!;
        using var search = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/dashboard/searches/{searchId}"));
        using var change = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/searches/{searchId}/resume");
        change.Headers.Add("X-Mopt-Csrf", session.RootElement.GetProperty("csrf").GetString());
        using var refused = await http.SendAsync(change);
        await stop.CancelAsync();
        var exit = await serving;

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal(("read-only", "journal"), (session.RootElement.GetProperty("access").GetString(), session.RootElement.GetProperty("mode").GetString()));
        Assert.Equal("finished", searches.RootElement[0].GetProperty("status").GetString());
        Assert.Equal(8, search.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task A_running_mopt_runs_link_signs_in_once_with_full_access()
    {
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(_dir, "config"), ["MOPT_COMMAND_PORT"] = "22022" };
        // One simulated trial of minutes: the run is still going while the link is used.
        var spec = TestSpecs.Write(_dir, "slow.yaml", """
            apiVersion: modelopt/v1
            name: slow
            seed: 1
            objective: {metric: accuracy, mode: max}
            space:
              lr: {type: float, low: 0.001, high: 0.1, log: true}
            budget: {maxTrials: 1, maxConcurrent: 1, maxEpochsPerTrial: 6}
            workload: {kind: curve, epochSeconds: 60}
            """);
        var output = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var running = new RunSearch(TestConsoles.Plain(output), new StringWriter(), TrainingCatalog.Default, environment.GetValueOrDefault)
            .RunAsync(new RunRequest(new FileInfo(spec), null, 1, new DirectoryInfo(Path.Combine(_dir, "run")), null), stop.Token);
        var link = new Uri(await LinkAsync(output, running, 22022)).PathAndQuery;

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri("http://127.0.0.1:22022") };
        using var signIn = await http.GetAsync(link);
        using var session = JsonDocument.Parse(await http.GetStringAsync("/api/v1/dashboard/session"));
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri("http://127.0.0.1:22022") };
        using var again = await other.GetAsync(link);
        await stop.CancelAsync();
        var exit = await running;

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal(("full", "cluster"), (session.RootElement.GetProperty("access").GetString(), session.RootElement.GetProperty("mode").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.False(again.Headers.Contains("Set-Cookie"));
        Assert.Equal(RunSearch.Interrupted, exit);
    }

    [Fact]
    public async Task A_journal_that_is_not_there_is_one_clear_error()
    {
        var result = await new MoptRunner(Path.Combine(_dir, "config")).RunAsync("dashboard", "--journal", Path.Combine(_dir, "nothing.db"));

        Assert.Equal(2, result.Exit);
        Assert.Contains("nothing.db", result.Error);
    }

    /// <summary>The one-time link <paramref name="printing"/> wrote for port <paramref name="port"/>, waiting for it.</summary>
    private static async Task<string> LinkAsync(StringWriter output, Task<int> printing, int port)
    {
        var link = new Regex($@"http://127\.0\.0\.1:{port}/dashboard/signin\?code=\S+");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (printing.IsCompleted) throw new InvalidOperationException($"the command ended with {await printing}: {output}");
            string text;
            lock (output) text = output.ToString();
            if (link.Match(text) is { Success: true } match) return match.Value;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no sign-in link within 90 s: {output}");
    }
}
