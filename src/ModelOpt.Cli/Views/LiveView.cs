using System.Diagnostics;
using ModelOpt.Cluster.Searches;
using Spectre.Console;

namespace ModelOpt.Cli.Views;

/// <summary>
/// Watches a search until it ends (status no longer running) or the token is cancelled: a Spectre live
/// panel on an interactive terminal, plain progress lines otherwise (logs, pipes, CI). A poll that returns null (the
/// search is unknown) ends the watch. Returns the last snapshot seen.
/// </summary>
public static class LiveView
{
    public static Task<SearchSnapshot?> WatchAsync(Func<CancellationToken, Task<SearchSnapshot?>> poll, IAnsiConsole console, TimeSpan interval, CancellationToken ct) =>
        console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi
            ? WatchLiveAsync(poll, console, interval, ct)
            : WatchPlainAsync(poll, console, interval, ct);

    private static async Task<SearchSnapshot?> WatchPlainAsync(Func<CancellationToken, Task<SearchSnapshot?>> poll, IAnsiConsole console, TimeSpan interval, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var progress = new PlainProgress(line => console.Profile.Out.Writer.WriteLine(line), () => clock.Elapsed);
        return await PollAsync(poll, progress.Show, interval, ct);
    }

    private static async Task<SearchSnapshot?> WatchLiveAsync(Func<CancellationToken, Task<SearchSnapshot?>> poll, IAnsiConsole console, TimeSpan interval, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var configOrder = new ConfigOrder();
        SearchSnapshot? last = null;
        await console.Live(SearchPanel.Of(null, clock.Elapsed, console.Profile.Width))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context => last = await PollAsync(poll, search =>
            {
                context.UpdateTarget(SearchPanel.Of(search, clock.Elapsed, console.Profile.Width, configOrder));
                context.Refresh();
            }, interval, ct));
        return last;
    }

    private static async Task<SearchSnapshot?> PollAsync(Func<CancellationToken, Task<SearchSnapshot?>> poll, Action<SearchSnapshot> show, TimeSpan interval, CancellationToken ct)
    {
        SearchSnapshot? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var search = await poll(ct);
                if (search is null) break;
                last = search;
                show(search);
                if (!TrialText.IsLive(search)) break;
                await Task.Delay(interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return last;
    }
}
