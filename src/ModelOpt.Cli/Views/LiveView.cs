using System.Diagnostics;
using ModelOpt.Client.Models;
using Spectre.Console;

namespace ModelOpt.Cli.Views;

/// <summary>
/// Shows a search as it changes until <paramref name="updates"/> end (the search is no longer running) or the token is
/// cancelled: a Spectre live panel on an interactive terminal, plain progress lines otherwise (logs, pipes, CI).
/// Returns the last state seen.
/// </summary>
public static class LiveView
{
    public static Task<SearchInfo?> WatchAsync(IAsyncEnumerable<SearchInfo> updates, IAnsiConsole console, CancellationToken ct) =>
        console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi
            ? WatchLiveAsync(updates, console, ct)
            : WatchPlainAsync(updates, console, ct);

    private static async Task<SearchInfo?> WatchPlainAsync(IAsyncEnumerable<SearchInfo> updates, IAnsiConsole console, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var progress = new PlainProgress(line => console.Profile.Out.Writer.WriteLine(line), () => clock.Elapsed);
        return await FollowAsync(updates, progress.Show, ct);
    }

    private static async Task<SearchInfo?> WatchLiveAsync(IAsyncEnumerable<SearchInfo> updates, IAnsiConsole console, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var configOrder = new ConfigOrder();
        SearchInfo? last = null;
        await console.Live(SearchPanel.Of(null, clock.Elapsed, console.Profile.Width))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context => last = await FollowAsync(updates, search =>
            {
                context.UpdateTarget(SearchPanel.Of(search, clock.Elapsed, console.Profile.Width, configOrder));
                context.Refresh();
            }, ct));
        return last;
    }

    private static async Task<SearchInfo?> FollowAsync(IAsyncEnumerable<SearchInfo> updates, Action<SearchInfo> show, CancellationToken ct)
    {
        SearchInfo? last = null;
        try
        {
            await foreach (var search in updates.WithCancellation(ct))
            {
                last = search;
                show(search);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return last;
    }
}
