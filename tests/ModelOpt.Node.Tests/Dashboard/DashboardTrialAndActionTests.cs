using System.IO.Compression;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>
/// The dashboard in a real Chromium, part two: a running trial's log followed, its artifacts downloaded, a real
/// TorchSharp trial's confusion matrix, the compare page, and a full token stopping and resuming a search and draining
/// the worker.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTrialAndActionTests(DashboardNode node)
{
    private Browser Browser => node.Browser;

    private void Open(string fragment)
    {
        Browser.Go($"{DashboardNode.Url}dashboard/#{fragment}");
        Browser.Find(".page[data-ready=true]");
    }

    private string LogShown() => Browser.Find("[data-log]").Text;

    [BrowserFact]
    public async Task A_running_trials_log_grows_in_place_and_its_files_download_once_it_ended()
    {
        var go = Path.Combine(node.Dir, $"go-{Guid.NewGuid():N}");
        var gated = await node.SubmitAsync(DashboardSpecs.GatedLog(Path.Combine(node.Dir, "logs"), go));
        try
        {
            await node.WaitForAsync(gated, s => s.Trial("t0001")?.Status == TrialStatus.Running, "the gated trial to run");
            node.SignIn(DashboardNode.ReadOnlyToken);
            Open($"/search/{gated}/trial/t0001");
            Browser.Until(_ => LogShown().Contains("first line"), "the running trial's first log line");
            Assert.DoesNotContain("second line", LogShown());
            Browser.Script("window.__sameDocument = 7;");

            File.WriteAllText(go, "");

            Browser.Until(_ => LogShown().Contains("second line"), "the line the trial logged after the page opened");
            Browser.Until(_ => Browser.Find(".pill").Text == "completed", "the trial shown as completed");
            Assert.Equal(7L, Browser.Script("return window.__sameDocument"));

            // The page's own download link, clicked: Chromium saves the zip with the session cookie.
            Browser.Find("[data-action=export]").Click();
            var zip = Path.Combine(Browser.Downloads, $"{gated}-t0001.zip");
            Browser.Until(_ => File.Exists(zip) && !File.Exists(zip + ".crdownload"), $"the download {Path.GetFileName(zip)}");
            using var archive = ZipFile.OpenRead(zip);
            var log = archive.Entries.FirstOrDefault(e => e.FullName.StartsWith("logs/", StringComparison.Ordinal) && e.Name.StartsWith("stdout", StringComparison.Ordinal));
            Assert.True(log is not null, $"no stdout log in the zip: {string.Join(", ", archive.Entries.Select(e => e.FullName))}");
            using var reader = new StreamReader(log!.Open());
            Assert.Contains("second line", await reader.ReadToEndAsync());
            Assert.Empty(Browser.ConsoleErrors());
        }
        finally
        {
            File.WriteAllText(go, "");
        }
    }

    [BrowserFact]
    public async Task A_trained_models_confusion_matrix_is_drawn_on_its_trial_page()
    {
        var digits = await node.SubmitAsync(DashboardSpecs.Digits());
        var trial = (await node.WaitForAsync(digits, s => !s.IsRunning, "the TorchSharp trial's end")).Trial("t0001")!;
        Assert.Equal(TrialStatus.Completed, trial.Status);
        node.SignIn(DashboardNode.ReadOnlyToken);

        Open($"/search/{digits}/trial/t0001");

        var matrix = Browser.Find("[data-plot=confusion][data-drawn=true]");
        Assert.Equal("100", matrix.GetAttribute("data-points"));
        var total = Convert.ToInt64(Browser.Script(
            "return document.querySelector('[data-plot=confusion]').moptChart.getOption().series[0].data.reduce((n, c) => n + c[3], 0);"));
        Assert.True(total > 0, "the matrix counts no validation sample");
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task The_compare_page_draws_each_chosen_searchs_best_so_far()
    {
        var searches = await node.SearchesAsync();
        await node.WaitForAsync(searches.Live, s => s.Count(TrialStatus.Completed) >= 1, "a completed trial in the live search");
        node.SignIn(DashboardNode.ReadOnlyToken);

        Open($"/compare?ids={searches.Finished},{searches.Live}");

        Browser.Find("[data-plot=compare][data-drawn=true]");
        var names = Browser.Until(_ => DrawnSeries() is { Count: 2 } drawn ? drawn : null, "two searches drawn on the compare plot")!;
        Assert.Contains(names, n => n.Contains($"finished ({searches.Finished})"));
        Assert.Contains(names, n => n.Contains($"live ({searches.Live})"));
        // Unticking a search takes it off the plot.
        Browser.FindAll(".picker label.check").Single(l => l.Text.Contains(searches.Live)).FindElement(OpenQA.Selenium.By.TagName("input")).Click();
        Browser.Until(d => !d.Url.Contains(searches.Live), "the compare link without the live search");
        Browser.Until(_ => DrawnSeries() is { Count: 1 } drawn && drawn[0].Contains(searches.Finished), "the finished search alone on the plot");
        Assert.Empty(Browser.ConsoleErrors());
    }

    /// <summary>The names of the compare plot's series that have points (null while no chart is there).</summary>
    private List<string>? DrawnSeries() => Browser.Script(
        "const c = document.querySelector('[data-plot=compare]')?.moptChart; return c ? c.getOption().series.filter(s => s.data.length > 0).map(s => s.name) : null;")
        is IReadOnlyList<object> names ? [.. names.Select(n => (string)n)] : null;

    [BrowserFact]
    public async Task A_full_token_stops_and_resumes_a_search_and_drains_the_worker()
    {
        await node.SearchesAsync();
        var search = await node.SubmitAsync(DashboardSpecs.Slow().Replace("name: slow", "name: stop-and-resume"));
        node.SignIn(DashboardNode.FullToken);
        try
        {
            Open($"/search/{search}");
            Browser.Find("[data-action=stop-search]").Click();
            await node.WaitForAsync(search, s => s.Status == SearchStatus.Cancelled, "the search stopped from the page");
            Browser.Find("[data-action=resume-search]").Click();
            await node.WaitForAsync(search, s => s.Status == SearchStatus.Running, "the search resumed from the page");
            Browser.Find("[data-action=stop-search]");

            Open("/cluster");
            Browser.Find("[data-action=drain]").Click();
            Browser.Find("[data-action=undrain]");
            Assert.All(await node.Api.ListWorkersAsync(), slot => Assert.True(slot.Draining));
            Browser.Find("[data-action=undrain]").Click();
            Browser.Find("[data-action=drain]");
            Assert.All(await node.Api.ListWorkersAsync(), slot => Assert.False(slot.Draining));
            Assert.Empty(Browser.ConsoleErrors());
        }
        finally
        {
            foreach (var worker in (await node.Api.ListWorkersAsync()).Where(s => s.Draining).Select(s => s.Node).Distinct())
                await node.Api.DrainWorkerAsync(new NodeRequest(worker, Undo: true));
            if ((await node.Api.GetSearchAsync(search)).IsRunning) await node.Api.StopSearchAsync(search);
        }
    }
}
