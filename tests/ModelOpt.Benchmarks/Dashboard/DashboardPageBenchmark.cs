using System.Diagnostics;
using System.Net.Http.Headers;
using ModelOpt.Benchmarks;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ModelOpt.Benchmarks.Dashboard;

/// <summary>
/// How fast a search's page is ready in headless Chromium (Debian's chromium and chromedriver) for a finished search of
/// <c>--trials</c> simulated trials: from navigation to the page's own "ready" mark (search read, trial table and the
/// history plot drawn), over <c>--loads</c> fresh loads; then how long each other plot takes to draw once its tab is
/// opened (and how many learning curves it drew, of how many; the reads it waited for, and how long the page was busy drawing), and the size of the page's first read and of the
/// learning curves' read (with its time).
/// </summary>
public sealed class DashboardPageBenchmark : IBenchmark
{
    public string Name => "dashboard-page";
    public string Usage => "[--trials 10000] [--loads 7] [--slots 4] [--port 22050]";

    private static readonly string[] Tabs = ["curves", "parallel", "slice", "contour", "importance", "edf", "timeline"];

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 10_000);
        var loads = args.Int("loads", 7);
        var slots = args.Int("slots", 4);
        var port = args.Int("port", 22050);
        if (trials < 1 || loads < 1) throw new UsageException("--trials and --loads must be at least 1");
        await using var node = await DashboardNode.StartAsync(slots, port);
        var clock = Stopwatch.StartNew();
        var searchId = await node.RunToEndAsync(DashboardNode.CurveSpec("page", trials, slots, 0), TimeSpan.FromMinutes(30));
        var searchSeconds = clock.Elapsed.TotalSeconds;

        using var http = new HttpClient { BaseAddress = node.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DashboardNode.Token);
        var firstRead = (await http.GetByteArrayAsync($"/api/v1/dashboard/searches/{searchId}?after=0")).Length;
        var curvesClock = Stopwatch.StartNew();
        var curvesRead = (await http.GetByteArrayAsync($"/api/v1/dashboard/searches/{searchId}/curves?after=0")).Length;
        var curvesMs = curvesClock.Elapsed.TotalMilliseconds;

        using var driver = Chromium();
        driver.Navigate().GoToUrl(node.SignInLink());
        var ready = new List<double>();
        var phases = new List<string>();
        for (var i = 0; i < loads; i++)
        {
            driver.Navigate().GoToUrl("about:blank");
            driver.Navigate().GoToUrl(new Uri(node.Url, $"/dashboard/#/search/{searchId}").ToString());
            ready.Add(WaitForMark(driver));
            phases.Add((string)driver.ExecuteScript("""
                const at = n => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1);
                const read = performance.getEntriesByType('resource').find(r => r.name.includes('/dashboard/searches/') && r.name.includes('after=0'));
                const script = performance.getEntriesByType('resource').find(r => r.name.endsWith('app.js'));
                return `app.js ${Math.round(script?.responseEnd ?? -1)} · read ${Math.round(read?.startTime ?? -1)}-${Math.round(read?.responseEnd ?? -1)} · data ${at('mopt-search-data')} · table ${at('mopt-search-table')} · ready ${at('mopt-search-ready')}`;
                """)!);
        }
        var tabs = new Dictionary<string, double>(StringComparer.Ordinal);
        var tabReads = new Dictionary<string, string>(StringComparer.Ordinal);
        var tabBusy = new Dictionary<string, double>(StringComparer.Ordinal);
        string? curvesDrawn = null;
        // The page's main thread busy in tasks over 50 ms (its drawing), to tell from waiting for the node.
        driver.ExecuteScript("window.moptBusy = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.moptBusy += e.duration; }).observe({ type: 'longtask' });");
        foreach (var tab in Tabs)
        {
            var started = Stopwatch.StartNew();
            driver.ExecuteScript("performance.clearResourceTimings(); window.moptBusy = 0;");
            driver.ExecuteScript($"location.hash = '#/search/{searchId}/{tab}'");
            Until(driver, d => d.FindElements(By.CssSelector($"[data-drawn=true]")).Count > 0 && d.Url.EndsWith(tab, StringComparison.Ordinal));
            tabs[tab] = Math.Round(started.Elapsed.TotalMilliseconds);
            Thread.Sleep(300); // the observer hears of the last long task after it ended
            tabBusy[tab] = Math.Round(Convert.ToDouble(driver.ExecuteScript("return window.moptBusy")));
            // The reads the tab waited for (server and transfer time), to tell them from the page's drawing.
            tabReads[tab] = (string)driver.ExecuteScript("""
                return performance.getEntriesByType('resource').filter(r => r.name.includes('/api/'))
                  .map(r => `${new URL(r.name).pathname.split('/').pop()} ${Math.round(r.duration)} ms ${Math.round(r.transferSize / 1024)} KiB`).join(', ');
                """)!;
            if (tab == "curves") curvesDrawn = (string?)driver.ExecuteScript("return document.querySelector('[data-plot=curves]')?.dataset.curves ?? null");
        }
        // The page must draw without complaint, the sampled learning curves included.
        var consoleErrors = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList();
        var firstLoad = ready[0];
        ready.Sort();
        return new
        {
            benchmark = Name,
            trials,
            search_seconds = Math.Round(searchSeconds, 1),
            first_read_kib = firstRead / 1024,
            curves_read_kib = curvesRead / 1024,
            curves_read_ms = Math.Round(curvesMs),
            loads,
            ready_ms_p50 = Math.Round(ready[ready.Count / 2]),
            ready_ms_min = Math.Round(ready[0]),
            ready_ms_max = Math.Round(ready[^1]),
            first_load_ms = Math.Round(firstLoad),
            tab_ms = tabs,
            tab_reads = tabReads,
            tab_busy_ms = tabBusy,
            curves_drawn = curvesDrawn,
            phases_ms = phases,
            console_errors = consoleErrors,
        };
    }

    /// <summary>Milliseconds from navigation start to the page's <c>mopt-search-ready</c> mark.</summary>
    private static double WaitForMark(ChromeDriver driver)
    {
        object? mark = null;
        Until(driver, d => (mark = ((IJavaScriptExecutor)d).ExecuteScript(
            "const m = performance.getEntriesByName('mopt-search-ready'); return m.length ? m[0].startTime : null;")) is not null);
        return Convert.ToDouble(mark);
    }

    private static void Until(IWebDriver driver, Func<IWebDriver, bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition(driver))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"the page at {driver.Url} did not get ready in 2 minutes");
            Thread.Sleep(10);
        }
    }

    /// <summary>Debian's headless Chromium through its chromedriver, given by path so Selenium Manager downloads nothing.</summary>
    public static ChromeDriver Chromium()
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000", "--no-first-run");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
    }
}
