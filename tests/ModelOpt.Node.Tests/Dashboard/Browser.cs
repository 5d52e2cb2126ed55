using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>
/// Debian's headless Chromium driven by Selenium through Debian's chromedriver (both installed by scripts/setup.sh),
/// given by path so Selenium Manager never downloads anything. Waits poll with generous deadlines; nothing sleeps.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Browser(int width = 1440, int height = 1000)
    {
        foreach (var path in new[] { ChromiumPath, DriverPath })
            if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run scripts/setup.sh as root (it installs Debian's chromium and chromium-driver)");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}",
            "--disable-extensions", "--no-first-run", "--disable-background-networking", "--lang=en-US", "--force-device-scale-factor=1");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        Directory.CreateDirectory(Downloads);
        options.AddUserProfilePreference("download.default_directory", Downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        Driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new Dictionary<string, object?> { ["behavior"] = "allow", ["downloadPath"] = Downloads });
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
    }

    /// <summary>
    /// Why browser tests cannot run here, or null when they must: Chromium and its driver are installed, or could have
    /// been (root with apt-get, as in CI, where scripts/setup.sh installs them), in which case a missing one fails the test.
    /// </summary>
    public static string? Unavailable
    {
        get
        {
            var missing = !File.Exists(ChromiumPath) ? $"Chromium is not installed at {ChromiumPath}"
                : !File.Exists(DriverPath) ? $"chromedriver is not installed at {DriverPath}"
                : null;
            if (missing is null || CanInstall) return null;
            return $"{missing}, and this machine cannot install it (scripts/setup.sh installs Debian's chromium and chromium-driver as root with apt-get)";
        }
    }

    private static bool CanInstall => Environment.UserName == "root" && File.Exists("/usr/bin/apt-get");

    public ChromeDriver Driver { get; }

    /// <summary>Where the browser saves what a page downloads (a folder of its own, removed with the browser).</summary>
    public string Downloads { get; } = Path.Combine(Path.GetTempPath(), $"mopt-dashboard-downloads-{Guid.NewGuid():N}");

    public void Go(string url) => Driver.Navigate().GoToUrl(url);

    public IWebElement Find(string css) => Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed)!, $"an element '{css}'");

    public ReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>Waits until <paramref name="condition"/> yields a value (not null, not false); fails naming <paramref name="what"/>.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what, TimeSpan? patience = null)
    {
        var wait = new WebDriverWait(Driver, patience ?? Patience) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = $"waited in vain for {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(condition);
        }
        catch (WebDriverTimeoutException e)
        {
            var shown = Driver.FindElements(By.TagName("main")).FirstOrDefault() ?? Driver.FindElement(By.TagName("body"));
            throw new WebDriverTimeoutException($"{e.Message}; the page at {Driver.Url} shows: {Text(shown.Text, 800)}; console: {string.Join(" | ", ConsoleErrors())}", e);
        }
    }

    private static string Text(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    /// <summary>Runs an async script: its last argument is the callback that ends it.</summary>
    public object? AsyncScript(string script, params object[] args) => Driver.ExecuteAsyncScript(script, args);

    /// <summary>The console's errors since the last call (uncaught exceptions, failed loads, CSP violations).</summary>
    public IReadOnlyList<string> ConsoleErrors() =>
        [.. Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message)];

    /// <summary>The whole page (the window grown to its height for the shot), saved as PNG.</summary>
    public void Screenshot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var window = Driver.Manage().Window;
        var before = window.Size;
        var chrome = before.Height - Convert.ToInt32(Script("return window.innerHeight"));
        var height = Convert.ToInt32(Script("return document.documentElement.scrollHeight"));
        window.Size = new System.Drawing.Size(before.Width, Math.Max(before.Height, height + chrome));
        Until(d => Convert.ToInt32(Script("return window.innerHeight")) >= height - 2 || window.Size.Height >= height + chrome - 2, "the window to grow");
        // Charts redraw on the resize event in the next animation frame.
        AsyncScript("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));");
        Driver.GetScreenshot().SaveAsFile(path);
        window.Size = before;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        Directory.Delete(Downloads, recursive: true);
    }
}
