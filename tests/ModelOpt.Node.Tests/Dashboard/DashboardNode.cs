using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>
/// A real node for the dashboard tests: coordinator + worker with 4 CPU slots in this process, SQLite journal in a
/// temp dir, command endpoint and dashboard on 127.0.0.1:22000 with a full and a read-only token, and one browser.
/// </summary>
public sealed class DashboardNode : IAsyncLifetime
{
    public const int Port = 22000;
    public const string FullToken = "full-token-for-dashboard-tests-b41c";
    public const string ReadOnlyToken = "read-only-token-for-dashboard-tests-9e27";
    public static readonly Uri Url = new($"http://127.0.0.1:{Port}");

    private InProcessNode? _node;
    private Browser? _browser;

    public string Dir => Node.Dir;

    public ICommandApi Api => Node.Api;

    public DashboardServer Dashboard => Node.Services.GetRequiredService<DashboardServer>();

    public SearchFeeds Feeds => Node.Services.GetRequiredService<SearchFeeds>();

    public SearchAnalyses Analyses => Node.Services.GetRequiredService<SearchAnalyses>();

    /// <summary>The one browser of the test run (started on first use: tests that need none never start Chromium).</summary>
    public Browser Browser => _browser ??= new Browser();

    private InProcessNode Node => _node ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync() =>
        _node = await InProcessNode.StartAsync("dashboard-tests", dir => new NodeOptions
        {
            Port = 0,
            Slots = 4,
            Gpus = "none",
            Journal = Path.Combine(dir, "journal.db"),
            Checkpoints = Path.Combine(dir, "checkpoints"),
            LogLevel = LogLevel.Warning,
            Endpoint = new CommandEndpointOptions { Port = Port, Bind = "127.0.0.1", Token = FullToken, ReadOnlyToken = ReadOnlyToken },
        });

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_node is null) return;
        if (_searches is { IsCompletedSuccessfully: true } searches)
            foreach (var id in new[] { searches.Result.Live, searches.Result.Slow })
                await Api.StopSearchAsync(id);
        await _node.DisposeAsync();
    }

    public Task<string> SubmitAsync(string spec) => Node.SubmitAsync(spec);

    /// <summary>The searches every test class shares (submitted on first use): one finished, one running for minutes, one slow.</summary>
    public Task<SharedSearches> SearchesAsync() => _searches ??= StartSearchesAsync();

    private Task<SharedSearches>? _searches;

    private async Task<SharedSearches> StartSearchesAsync()
    {
        var finished = await SubmitAsync(DashboardSpecs.Curves("finished", trials: 60, concurrent: 2, epochSeconds: 0.02, seed: 21));
        await WaitForAsync(finished, s => s.Status == SearchStatus.Finished, "the first search's end");
        var live = await SubmitAsync(DashboardSpecs.Curves("live", trials: 2000, concurrent: 2, epochSeconds: 0.3, seed: 22));
        var slow = await SubmitAsync(DashboardSpecs.Slow());
        await WaitForAsync(slow, s => s.Trial("t0001")?.Status == TrialStatus.Running, "the slow search's first trial to run");
        return new SharedSearches(finished, live, slow);
    }

    /// <summary>An HTTP client of its own (with a cookie jar when signing in), on the dashboard's origin.</summary>
    public static HttpClient Http(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Url };

    /// <inheritdoc cref="InProcessNode.WaitForAsync"/>
    public Task<SearchInfo> WaitForAsync(string searchId, Func<SearchInfo, bool> condition, string what) => Node.WaitForAsync(searchId, condition, what);

    /// <summary>Signs the browser in through the sign-in form, as a user would.</summary>
    public void SignIn(string token)
    {
        var browser = Browser;
        // Each test judges the console from its own sign-in on.
        browser.ConsoleErrors();
        browser.Driver.Manage().Cookies.DeleteAllCookies();
        browser.Go(new Uri(Url, DashboardServer.SignInPath).ToString());
        browser.Find("#token").SendKeys(token);
        browser.Find("button[type=submit]").Click();
        browser.Find("[data-access]");
    }
}

/// <summary><paramref name="Finished"/>: 60 trials, ended. <paramref name="Live"/>: 2,000 short trials, running for the whole run. <paramref name="Slow"/>: one trial at a time, ten minutes each.</summary>
public sealed record SharedSearches(string Finished, string Live, string Slow);

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardNode>
{
    public const string Name = "dashboard node";
}
