using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>
/// A real node for the dashboard tests: coordinator + worker with 3 CPU slots in this process, SQLite journal in a
/// temp dir, command endpoint and dashboard on 127.0.0.1:22000 with a full and a read-only token, and one browser.
/// </summary>
public sealed class DashboardNode : IAsyncLifetime
{
    public const int Port = 22000;
    public const string FullToken = "full-token-for-dashboard-tests-b41c";
    public const string ReadOnlyToken = "read-only-token-for-dashboard-tests-9e27";
    public static readonly Uri Url = new($"http://127.0.0.1:{Port}");

    private IHost? _host;
    private Browser? _browser;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), $"mopt-dashboard-tests-{Guid.NewGuid():N}");

    public ICommandApi Api => _host!.Services.GetRequiredService<ICommandApi>();

    public DashboardServer Dashboard => _host!.Services.GetRequiredService<DashboardServer>();

    /// <summary>The one browser of the test run (started on first use: tests that need none never start Chromium).</summary>
    public Browser Browser => _browser ??= new Browser();

    public Task InitializeAsync()
    {
        TrainingWorkloads.Register();
        Directory.CreateDirectory(Dir);
        _host = NodeHost.Build(new NodeOptions
        {
            Port = 0,
            Slots = 3,
            Gpus = "none",
            Journal = Path.Combine(Dir, "journal.db"),
            Checkpoints = Path.Combine(Dir, "checkpoints"),
            LogLevel = LogLevel.Warning,
            Endpoint = new CommandEndpointOptions { Port = Port, Bind = "127.0.0.1", Token = FullToken, ReadOnlyToken = ReadOnlyToken },
        });
        return _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
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

    public async Task<string> SubmitAsync(string spec) => (await Api.SubmitSearchAsync(new SubmitRequest(spec))).SearchId;

    /// <summary>Polls the search until <paramref name="condition"/> holds; fails after a generous deadline.</summary>
    public async Task<SearchInfo> WaitForAsync(string searchId, Func<SearchInfo, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var search = await Api.GetSearchAsync(searchId);
            if (condition(search)) return search;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{searchId}: {what} did not happen within 120 s (status {search.Status})");
            await Task.Delay(100);
        }
    }

    /// <summary>Signs the browser in through the sign-in form, as a user would.</summary>
    public void SignIn(string token)
    {
        var browser = Browser;
        browser.Driver.Manage().Cookies.DeleteAllCookies();
        browser.Go(new Uri(Url, DashboardServer.SignInPath).ToString());
        browser.Find("#token").SendKeys(token);
        browser.Find("button[type=submit]").Click();
        browser.Find("[data-access]");
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardNode>
{
    public const string Name = "dashboard node";
}
