using System.Net;
using System.Text;
using ModelOpt.Client.Models;
using OpenQA.Selenium;
using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>The dashboard in a real Chromium, as a user clicks through it.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardNode node)
{
    private static readonly string[] Plots = ["overview", "curves", "parallel", "slice", "contour", "importance", "edf", "timeline"];

    private Browser Browser => node.Browser;

    private void Open(string fragment)
    {
        Browser.Go($"{DashboardNode.Url}dashboard/#{fragment}");
        Browser.Find(".page[data-ready=true]");
    }

    private int EndedShown() => int.Parse(Browser.Find(".stat-sub").Text.Split(' ')[0]);

    [BrowserFact]
    public async Task A_signed_in_user_sees_the_searches_and_the_cookie_is_out_of_the_pages_reach()
    {
        var searches = await node.SearchesAsync();
        node.SignIn(DashboardNode.FullToken);

        Browser.Find($"tr[data-search='{searches.Finished}']");
        Assert.Equal("full", Browser.Find("[data-access]").GetAttribute("data-access"));
        var cookie = Browser.Driver.Manage().Cookies.GetCookieNamed("mopt_session");
        Assert.NotNull(cookie);
        Assert.True(cookie.IsHttpOnly);
        Assert.Equal("Strict", cookie.SameSite);
        Assert.DoesNotContain("mopt_session", (string)Browser.Script("return document.cookie")!);
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task A_running_search_updates_in_place_without_a_reload()
    {
        var searches = await node.SearchesAsync();
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open($"/search/{searches.Live}");
        Browser.Script("window.__sameDocument = 42;");
        var before = EndedShown();

        Browser.Until(_ => EndedShown() >= before + 3, "three more ended trials on the page");

        Assert.Equal(42L, Browser.Script("return window.__sameDocument"));
        Assert.Contains("live", Browser.Find(".live").Text);
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task The_trial_table_sorts_filters_pages_and_opens_a_trial()
    {
        var searches = await node.SearchesAsync();
        var search = await node.Api.GetSearchAsync(searches.Finished);
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open($"/search/{searches.Finished}");

        Browser.Find("th[data-key=objective] button").Click();
        Browser.Until(_ => Browser.Find("th[data-key=objective]").GetAttribute("aria-sort") == "ascending", "an ascending sort");
        Browser.Find("th[data-key=objective] button").Click();
        Browser.Until(_ => FirstRowTrial() == search.BestTrialId, "the best trial first when sorted by the objective, descending");

        Browser.Find("input.filter").SendKeys("activation=tanh");
        Browser.Until(_ => Column("param:activation").All(v => v == "tanh") && Column("param:activation").Count > 0, "only tanh trials");
        var tanh = search.Trials.Count(t => t.Config["activation"].AsString() == "tanh");
        Assert.Contains($"of {tanh} (filtered from {search.Trials.Count})", Browser.Find(".pager-text").Text);
        Browser.Find("input.filter").Clear();
        Browser.Find("input.filter").SendKeys("lr<0.001 state=stopped");
        Browser.Until(_ => Column("param:lr").All(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) < 0.001), "only small learning rates");

        var trial = FirstRowTrial()!;
        Browser.Find($"tr[data-trial='{trial}']").Click();
        Browser.Find(".page[data-ready=true] [data-plot=trial-curves][data-drawn=true]");
        Assert.Contains($"Trial {trial}", Browser.Find("h1").Text);
        Assert.Contains("stopped by scheduler", Browser.Find(".pill").Text);
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task Every_plot_is_drawn_with_data()
    {
        var searches = await node.SearchesAsync();
        node.SignIn(DashboardNode.ReadOnlyToken);
        foreach (var plot in Plots)
        {
            Open($"/search/{searches.Finished}/{plot}");
            var drawn = Browser.Find("[data-drawn=true]");
            Assert.True(int.Parse(drawn.GetAttribute("data-points")!) > 0, $"{plot}: no data drawn");
            // The chart's canvas holds ink, not just a blank area.
            var painted = Convert.ToInt64(Browser.Script("""
                const canvas = arguments[0].querySelector('canvas');
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < data.length; i += 16) if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) n++;
                return n;
                """, drawn));
            Assert.True(painted > 500, $"{plot}: the canvas is nearly empty ({painted} inked samples)");
        }
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task Learning_curves_are_left_out_for_a_one_epoch_search()
    {
        var searchId = await node.SubmitAsync(DashboardSpecs.OneEpoch());
        await node.WaitForAsync(searchId, s => s.Status == SearchStatus.Finished, "the one-epoch search's end");
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open($"/search/{searchId}");

        var tabs = Browser.FindAll("[data-tab]").Select(t => t.GetAttribute("data-tab")).ToList();

        Assert.Contains("slice", tabs);
        Assert.DoesNotContain("curves", tabs);
    }

    [BrowserFact]
    public async Task Learning_curves_past_the_limit_show_a_sample_the_band_of_all_and_every_early_stop()
    {
        var limit = node.Dashboard.Options.MaxCurves;
        var searchId = await node.SubmitAsync(DashboardSpecs.Curves("sampled", trials: limit + 100, concurrent: 4, epochSeconds: 0, seed: 23));
        var search = await node.WaitForAsync(searchId, s => s.Status == SearchStatus.Finished, "the sampled search's end");
        var withCurves = search.Trials.Where(t => t.Curve.Count > 0).ToList();
        var earlyStops = withCurves.Count(t => t.Status is TrialStatus.Stopped or TrialStatus.Failed && t.TrialId != search.BestTrialId);
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open($"/search/{searchId}/curves");

        var plot = Browser.Find("[data-plot=curves][data-drawn=true]");
        var option = (IReadOnlyDictionary<string, object>)Browser.Script("""
            const option = arguments[0].moptChart.getOption();
            const count = end => option.series.filter(s => s.name.endsWith('(end)') === end && s.type !== 'line').reduce((n, s) => n + s.data.length, 0);
            return { names: option.series.map(s => s.name), markers: count(true), curves: count(false), subtext: option.title[0].subtext };
            """, plot)!;

        Assert.True(withCurves.Count > limit, $"only {withCurves.Count} curves: the search must have more than {limit}");
        Assert.Equal($"{limit}/{withCurves.Count}", plot.GetAttribute("data-curves"));
        var names = ((IEnumerable<object>)option["names"]).Cast<string>().ToList();
        Assert.Contains($"10–90 % of all {withCurves.Count} trials", names);
        Assert.Contains("median of all", names);
        Assert.Contains("best", names);
        // Every early stop is marked, drawn as a curve or not; at most the sample's curves are drawn (a one-epoch trial is its marker alone).
        Assert.Equal(earlyStops, Convert.ToInt32(option["markers"]));
        Assert.InRange(Convert.ToInt32(option["curves"]), 1, limit);
        Assert.StartsWith($"{limit} of {withCurves.Count} curves", (string)option["subtext"]);
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task A_full_token_stops_a_trial_and_a_read_only_one_cannot()
    {
        var searches = await node.SearchesAsync();
        var running = (await node.WaitForAsync(searches.Slow, s => s.Count(TrialStatus.Running) == 1, "a running slow trial")).Trials.Single(t => t.Status == TrialStatus.Running).TrialId;
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open($"/search/{searches.Slow}/trial/{running}");
        Assert.False(Browser.Find("[data-action=stop-trial]").Enabled);
        // The page's own request, as if the disabled button were forced: the node refuses it.
        var status = Convert.ToInt64(Browser.AsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch('/api/v1/dashboard/session').then(r => r.json()).then(s =>
              fetch(arguments[0], { method: 'POST', headers: { 'X-Mopt-Csrf': s.csrf } })).then(r => done(r.status));
            """, $"/api/v1/searches/{searches.Slow}/trials/{running}/stop"));
        Assert.Equal(403, status);
        Assert.Equal(TrialStatus.Running, (await node.Api.GetSearchAsync(searches.Slow)).Trial(running)!.Status);

        node.SignIn(DashboardNode.FullToken);
        Open($"/search/{searches.Slow}/trial/{running}");
        Browser.Find("[data-action=stop-trial]").Click();

        Browser.Until(_ => Browser.Find(".pill").Text == "stopped by user", "the trial shown as stopped by user");
        var trial = (await node.Api.GetSearchAsync(searches.Slow)).Trial(running)!;
        Assert.Equal((TrialStatus.Stopped, StopKind.User), (trial.Status, trial.StoppedBy));
        Assert.DoesNotContain(Browser.ConsoleErrors(), e => !e.Contains("403"));
    }

    [BrowserFact]
    public async Task Html_in_a_categorical_value_and_in_a_trial_log_shows_as_text()
    {
        var searches = await node.SearchesAsync();
        var logged = await node.SubmitAsync(DashboardSpecs.HtmlLog(Path.Combine(node.Dir, "logs")));
        await node.WaitForAsync(logged, s => s.Status == SearchStatus.Finished, "the HTML-logging search's end");
        node.SignIn(DashboardNode.ReadOnlyToken);

        Open($"/search/{searches.Finished}");
        Browser.Find("input.filter").SendKeys("activation~img");
        Browser.Until(_ => Column("param:activation").Count > 0, "trials with the HTML value");
        Assert.All(Column("param:activation"), v => Assert.Equal(DashboardSpecs.Xss, v));
        Assert.Equal(0L, Browser.Script("return document.querySelectorAll('main img').length"));
        // A point's tooltip in the history plot names its configuration: the HTML value as text.
        Assert.Contains(DashboardSpecs.Xss, ShowTip("[data-plot=overview]", Column("trial")[0]));
        Assert.Equal(0L, Browser.Script("return document.querySelectorAll('main img').length"));

        Open($"/search/{logged}/trial/t0001");
        Browser.Until(_ => Browser.Find("[data-log]").Text.Contains("<b id=injected>"), "the log's HTML as text");
        Assert.Contains("<img src=x onerror=window.injected=2>", Browser.Find("[data-log]").Text);
        Assert.Equal(0L, Browser.Script("return document.querySelectorAll('#injected, main img').length"));
        Assert.Null(Browser.Script("return window.injected ?? null"));
        Assert.Throws<NoAlertPresentException>(() => Browser.Driver.SwitchTo().Alert());
    }

    [BrowserFact]
    public async Task A_form_on_another_site_cannot_act_through_a_signed_in_browser()
    {
        var searches = await node.SearchesAsync();
        node.SignIn(DashboardNode.FullToken);
        // Another origin on the same host (same site, so even a SameSite cookie travels): a page that posts a form to the node.
        using var attacker = new HttpListener { Prefixes = { "http://127.0.0.1:22001/" } };
        attacker.Start();
        var serving = Task.Run(async () =>
        {
            var context = await attacker.GetContextAsync();
            var html = $$"""
                <!doctype html><html><body>
                <form id="f" method="post" action="{{DashboardNode.Url}}api/v1/searches/{{searches.Live}}/stop"></form>
                <script>document.getElementById('f').submit();</script>
                </body></html>
                """;
            var bytes = Encoding.UTF8.GetBytes(html);
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        Browser.Go("http://127.0.0.1:22001/");
        await serving;
        Browser.Until(d => d.Url.StartsWith(DashboardNode.Url.ToString(), StringComparison.Ordinal), "the form's post to reach the node");

        Assert.Contains("cross-site request refused", Browser.Driver.PageSource);
        Assert.Equal(SearchStatus.Running, (await node.Api.GetSearchAsync(searches.Live)).Status);
    }

    [BrowserFact]
    public async Task The_cluster_page_shows_every_slot_and_what_runs_there()
    {
        var searches = await node.SearchesAsync();
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open("/cluster");

        var slots = Browser.FindAll(".worker tbody tr");
        Assert.Equal(4, slots.Count);
        Assert.Contains(slots, s => s.Text.Contains(searches.Live));
        Assert.False(Browser.Find("[data-action=drain]").Enabled);
        Assert.Empty(Browser.ConsoleErrors());
    }

    [BrowserFact]
    public async Task A_point_in_a_plot_shows_its_trial_on_hover_and_opens_it_on_click()
    {
        var searches = await node.SearchesAsync();
        var best = (await node.Api.GetSearchAsync(searches.Finished)).Best!;
        node.SignIn(DashboardNode.ReadOnlyToken);
        Open($"/search/{searches.Finished}");

        var tip = ShowTip("[data-plot=overview]", best.TrialId);
        Assert.Contains($"trial {best.TrialId}", tip);
        Assert.Contains("width", tip);
        Assert.Contains(best.Config["width"].AsString(), tip);

        var (x, y) = PixelOf("[data-plot=overview]", best.TrialId);
        var canvas = Browser.Find("[data-plot=overview] canvas");
        new OpenQA.Selenium.Interactions.Actions(Browser.Driver)
            .MoveToElement(canvas, x - canvas.Size.Width / 2, y - canvas.Size.Height / 2).Click().Perform();
        Browser.Until(d => d.Url.EndsWith($"/trial/{best.TrialId}", StringComparison.Ordinal), "the trial's page");
        Browser.Find(".page[data-ready=true]");
        Assert.Contains($"Trial {best.TrialId}", Browser.Find("h1").Text);
    }

    /// <summary>Shows the tooltip of a trial's point in a scatter plot and returns its text.</summary>
    private string ShowTip(string plot, string trialId)
    {
        Browser.Script(PointScript + "if (at) at.chart.dispatchAction({ type: 'showTip', seriesIndex: at.series, dataIndex: at.index });", plot, trialId);
        return Browser.Until(_ => Browser.FindAll($"{plot} .tip").FirstOrDefault(t => t.Displayed)?.Text!, $"the tooltip of {trialId}");
    }

    /// <summary>Where a trial's point of a scatter plot is, in pixels from the canvas' top left.</summary>
    private (int X, int Y) PixelOf(string plot, string trialId)
    {
        var pixel = (IReadOnlyList<object>)Browser.Script(PointScript + "return at && at.chart.convertToPixel({ seriesIndex: at.series }, at.point);", plot, trialId)!;
        return (Convert.ToInt32(pixel[0]), Convert.ToInt32(pixel[1]));
    }

    /// <summary>Finds the point [trial number, value] of a trial in a chart's scatter series (the chart is its element's moptChart).</summary>
    private const string PointScript = """
        const chart = document.querySelector(arguments[0]).moptChart;
        const number = Number(arguments[1].replace(/\D/g, ''));
        let at = null;
        chart.getOption().series.forEach((s, series) => {
          const index = s.type === 'scatter' ? (s.data || []).findIndex(p => Array.isArray(p) && p[0] === number) : -1;
          if (index >= 0 && !at) at = { chart, series, index, point: s.data[index] };
        });
        """;

    private string? FirstRowTrial() => Browser.FindAll("table.trials tbody tr[data-trial]").FirstOrDefault()?.GetAttribute("data-trial");

    /// <summary>The texts of one column's cells on the current page.</summary>
    private List<string> Column(string key)
    {
        var index = Browser.FindAll("table.trials thead th").Select(th => th.GetAttribute("data-key")).ToList().IndexOf(key);
        return [.. Browser.FindAll("table.trials tbody tr[data-trial]").Select(r => r.FindElements(By.TagName("td"))[index].Text)];
    }
}
