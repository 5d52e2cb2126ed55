using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Views;

public sealed class LiveViewTests
{
    /// <summary>A search seen at four polls: empty, two trials running, one ended, then finished.</summary>
    private static List<SearchInfo> Script()
    {
        var finished = SyntheticSearch.Of(4);
        return
        [
            finished with { Status = SearchStatus.Running, Reason = null, Trials = [], BestTrialId = null },
            finished with { Status = SearchStatus.Running, Reason = null, Trials = [Running(finished.Trials[0]), Running(finished.Trials[1])], BestTrialId = null },
            finished with { Status = SearchStatus.Running, Reason = null, Trials = [finished.Trials[0], Running(finished.Trials[1]), Running(finished.Trials[2])], BestTrialId = "t001" },
            finished,
        ];
    }

    private static TrialInfo Running(TrialInfo trial) => trial with { Status = TrialStatus.Running, Objective = null, Metrics = null, Reason = null, Failure = null };

    /// <summary>What a watch yields: each poll's search until one is null (unknown) or no longer running.</summary>
    private static async IAsyncEnumerable<SearchInfo> Polled(Func<SearchInfo?> poll, [EnumeratorCancellation] CancellationToken ct = default)
    {
        while (!ct.IsCancellationRequested && poll() is { } search)
        {
            yield return search;
            if (!search.IsRunning) yield break;
            await Task.Yield();
        }
    }

    [Fact]
    public async Task A_plain_terminal_gets_one_line_per_change_and_the_watch_ends_with_the_search()
    {
        var script = Script();
        var polls = 0;
        var writer = new StringWriter();

        var last = await LiveView.WatchAsync(Polled(() => script[Math.Min(polls++, script.Count - 1)]), TestConsoles.Plain(writer), CancellationToken.None);

        Assert.Equal(script.Count, polls);
        Assert.Same(script[^1], last);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("0/6 trials done, 0 running", lines[0]);
        Assert.Single(lines, l => l.Contains("t001 started on cpu:0: activation=tanh lr=0.001 units=16"));
        Assert.Single(lines, l => l.Contains("t001 completed: accuracy = ") && l.Contains("[1/6]"));
        Assert.Single(lines, l => l.Contains("t003 stopped at epoch 2: asha: below the rung-1 cutoff  [4/6]"));
        Assert.Single(lines, l => l.Contains("best so far: t001 accuracy = "));
        Assert.Single(lines, l => l.Contains("best so far: t004 accuracy = "));
        Assert.EndsWith("search finished: budget used (3 completed, 1 stopped, 0 failed)", lines[^1].TrimEnd());
    }

    [Fact]
    public async Task An_interactive_terminal_gets_the_live_panel_redrawn_until_the_search_ends()
    {
        var script = Script();
        var polls = 0;
        var writer = new StringWriter();

        var last = await LiveView.WatchAsync(Polled(() => script[Math.Min(polls++, script.Count - 1)]), TestConsoles.Terminal(writer), CancellationToken.None);

        Assert.Equal(script.Count, polls);
        Assert.Same(script[^1], last);
        var screen = Regex.Replace(writer.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "");
        Assert.Contains("running", screen);
        Assert.Contains("finished", screen);
        Assert.Contains("4/6 done", screen);
        Assert.DoesNotContain("started on", screen); // no plain lines on a terminal
    }

    [Fact]
    public async Task Watching_an_ended_search_prints_its_overview_and_end_and_polls_once()
    {
        var polls = 0;
        var writer = new StringWriter();
        var search = SyntheticSearch.Of(6);

        await LiveView.WatchAsync(Polled(() => { polls++; return search; }), TestConsoles.Plain(writer), CancellationToken.None);

        Assert.Equal(1, polls);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("6/8 trials done, 0 running; best t004 accuracy = ", lines[0]);
        Assert.Contains("search finished: budget used (3 completed, 2 stopped, 1 failed)", lines[1]);
    }

    [Fact]
    public async Task Watching_a_running_search_starts_with_its_overview_and_running_trials_not_its_history()
    {
        var writer = new StringWriter();
        var running = SyntheticSearch.Of(5, SearchStatus.Running, running: 2);
        var polls = 0;

        await LiveView.WatchAsync(Polled(() => polls++ == 0 ? running : running with { Status = SearchStatus.Cancelled, Reason = "by user" }), TestConsoles.Plain(writer), CancellationToken.None);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("3/7 trials done, 2 running; best t002 accuracy = ", lines[0]);
        Assert.Contains("t004 started on cpu:0: ", lines[1]);
        Assert.Contains("t005 started on cpu:0: ", lines[2]);
        Assert.Contains("search cancelled: by user (2 completed, 1 stopped, 0 failed)", lines[3]);
    }

    [Fact]
    public async Task Cancelling_ends_the_watch_with_the_last_snapshot()
    {
        using var cancel = new CancellationTokenSource();
        var running = SyntheticSearch.Of(3, SearchStatus.Running, running: 1);
        var polls = 0;

        var last = await LiveView.WatchAsync(Polled(() =>
        {
            if (++polls == 3) cancel.Cancel();
            return running;
        }), TestConsoles.Plain(new StringWriter()), cancel.Token);

        Assert.Equal(3, polls);
        Assert.Same(running, last);
    }
}
