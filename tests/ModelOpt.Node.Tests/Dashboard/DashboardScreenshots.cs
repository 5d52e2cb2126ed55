using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>
/// Writes the screenshots in docs/dashboard (each page and plot of a search that ran to its end, and one still
/// running) when MOPT_DASHBOARD_SCREENSHOTS names a folder: <c>MOPT_DASHBOARD_SCREENSHOTS=$PWD/docs/dashboard dotnet
/// test tests/ModelOpt.Node.Tests --filter DashboardScreenshots</c>. Not part of the test run otherwise.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardScreenshots(DashboardNode node)
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("MOPT_DASHBOARD_SCREENSHOTS");

    [ScreenshotFact]
    public async Task Every_page_of_the_dashboard()
    {
        var done = await node.SubmitAsync(DashboardSpecs.Curves("mnist-like", trials: 60, concurrent: 3, epochSeconds: 0.05, seed: 11));
        await node.WaitForAsync(done, s => s.Status == SearchStatus.Finished, "the finished search");
        var running = await node.SubmitAsync(DashboardSpecs.Curves("still-running", trials: 200, concurrent: 3, epochSeconds: 0.5, seed: 12));
        await node.WaitForAsync(running, s => s.Trials.Count(t => t.HasEnded) >= 6, "a few ended trials");
        var browser = node.Browser;
        node.SignIn(DashboardNode.FullToken);
        browser.Find("table.searches tbody tr[data-search]");
        Shot("searches");
        foreach (var tab in new[] { "overview", "curves", "parallel", "slice", "contour", "importance", "edf", "timeline" })
        {
            browser.Go($"{DashboardNode.Url}dashboard/#/search/{done}/{tab}");
            browser.Find(".page[data-ready=true]");
            browser.Find("[data-drawn=true]");
            Shot($"search-{tab}");
        }
        browser.Go($"{DashboardNode.Url}dashboard/#/search/{running}");
        browser.Find(".page[data-ready=true]");
        browser.Find("[data-drawn=true]");
        Shot("search-running");
        var best = (await node.Api.GetSearchAsync(done)).BestTrialId!;
        browser.Go($"{DashboardNode.Url}dashboard/#/search/{done}/trial/{best}");
        browser.Find(".page[data-ready=true]");
        browser.Find("[data-drawn=true]");
        Shot("trial");
        browser.Go($"{DashboardNode.Url}dashboard/#/cluster");
        browser.Find(".page[data-ready=true] .worker");
        Shot("cluster");
        browser.Go($"{DashboardNode.Url}dashboard/#/compare?ids={done},{running}");
        browser.Find(".page[data-ready=true] [data-drawn=true]");
        Shot("compare");
        await node.Api.StopSearchAsync(running);
        browser.Driver.Manage().Cookies.DeleteAllCookies();
        browser.Go($"{DashboardNode.Url}dashboard/signin");
        browser.Find("#token");
        Shot("signin");
    }

    private void Shot(string name) => node.Browser.Screenshot(Path.Combine(Folder!, $"{name}.png"));

    private sealed class ScreenshotFactAttribute : BrowserFactAttribute
    {
        public ScreenshotFactAttribute()
        {
            if (Folder is null) Skip = "writes the docs' screenshots only when MOPT_DASHBOARD_SCREENSHOTS names a folder";
        }
    }
}
