using ModelOpt.Client.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The interactive live view of one snapshot, laid out for a terminal <c>width</c> columns wide (80 and up): the
/// budget bar with counts, the running trials with their epoch progress and latest objective, the leaderboard, and
/// the latest trials stopped or failed with their reasons. Every row is one line; configs (most important parameters
/// first) and reasons are cut.
/// </summary>
public static class SearchPanel
{
    private const int RunningRows = 6;
    private const int LeaderRows = 5;
    private const int EarlyEndRows = 4;
    private const int EpochBarWidth = 8;

    public static IRenderable Of(SearchInfo? search, TimeSpan elapsed, int width) => Of(search, elapsed, width, new ConfigOrder());

    public static IRenderable Of(SearchInfo? search, TimeSpan elapsed, int width, ConfigOrder configOrder)
    {
        if (search is null) return new Markup("[grey]waiting for the search…[/]");
        // The panel's border and padding take two columns on each side.
        var inner = Math.Max(60, width) - 4;
        var done = $"{search.Done}/{search.MaxTrials} done";
        var lines = new List<string>
        {
            $"{BudgetBar.Markup(search, inner - done.Length - 1)} [bold]{done}[/]",
            BudgetBar.Legend(search),
        };
        if (search.Searcher is { } searcher) lines.Add($"[grey]searcher: {Markup.Escape(TrialText.Cut(searcher, inner - 10))}[/]");
        // Rows are cut at the right edge, so configs lead with the parameters that moved the objective most so far.
        var order = configOrder.For(search);
        lines.AddRange(Running(search, inner, order));
        lines.AddRange(Leaders(search, inner, order));
        lines.AddRange(EarlyEnds(search, inner));
        var status = search.Status switch
        {
            SearchStatus.Running => "[blue]running[/]",
            SearchStatus.Finished => "[green]finished[/]",
            SearchStatus.Cancelled => "[yellow]cancelled[/]",
            _ => "[grey]pending[/]",
        };
        var header = $" [bold]{Markup.Escape(search.Name)}[/] {Markup.Escape(search.SearchId)} · {status} · {TrialText.Clock(elapsed)} ";
        return new Panel(new Markup(string.Join('\n', lines))) { Header = new PanelHeader(header), Border = BoxBorder.Rounded, Width = Math.Max(60, width) };
    }

    private static IEnumerable<string> Running(SearchInfo search, int inner, IReadOnlyList<string> order)
    {
        var running = search.Trials.Where(t => t.Status == TrialStatus.Running).ToList();
        if (running.Count == 0) yield break;
        var shown = running.Take(RunningRows).ToList();
        var epochText = shown.Select(t => search.MaxEpochsPerTrial > 0 ? $"{t.Epochs}/{search.MaxEpochsPerTrial}" : $"{t.Epochs}").ToList();
        var epochWidth = FixedColumns.WidthOf("", epochText);
        var metric = Short(search.Metric);
        var table = new FixedColumns(inner - 1,
            ("trial", FixedColumns.WidthOf("trial", shown.Select(t => t.TrialId)), false),
            ("device", FixedColumns.WidthOf("device", shown.Select(t => t.Device ?? "-")), false),
            ("epoch", EpochBarWidth + 1 + epochWidth, false),
            (metric, FixedColumns.WidthOf(metric, [], 7), true),
            ("config", 0, false));
        yield return "";
        // A large search's live view holds only some of its running trials; the count is the whole search's.
        var runningCount = search.Count(TrialStatus.Running);
        yield return $"[bold]running[/] [grey]({runningCount})[/]";
        yield return " " + table.Header();
        for (var i = 0; i < shown.Count; i++)
        {
            var trial = shown[i];
            var bar = BudgetBar.Epochs(trial.Epochs, search.MaxEpochsPerTrial, EpochBarWidth) + " " + epochText[i].PadLeft(epochWidth);
            yield return " " + table.Row(trial.TrialId, trial.Device ?? "-", new Cell("", Drawn: bar), TrialText.Number(trial.Latest(search.Metric)), TrialText.Config(trial.Config, order));
        }
        if (runningCount > RunningRows) yield return $" [grey]… and {runningCount - RunningRows} more running[/]";
    }

    private static IEnumerable<string> Leaders(SearchInfo search, int inner, IReadOnlyList<string> order)
    {
        var leaders = Leaderboard.Of(search).Take(LeaderRows).ToList();
        if (leaders.Count == 0) yield break;
        var metric = Short(search.Metric);
        var table = new FixedColumns(inner - 1,
            ("#", 2, true),
            ("trial", FixedColumns.WidthOf("trial", leaders.Select(t => t.TrialId)), false),
            (metric, FixedColumns.WidthOf(metric, [], 7), true),
            ("epochs", 6, true),
            ("config", 0, false));
        yield return "";
        yield return $"[bold]best by {Markup.Escape(search.Metric)}[/] [grey]({TrialText.Name(search.Mode)})[/]";
        yield return " " + table.Header();
        for (var i = 0; i < leaders.Count; i++)
        {
            var trial = leaders[i];
            var style = i == 0 ? "bold green" : null;
            yield return " " + table.Row($"{i + 1}", new Cell(trial.TrialId, style), new Cell(TrialText.Number(trial.Objective), style), $"{trial.Epochs}", TrialText.Config(trial.Config, order));
        }
    }

    private static IEnumerable<string> EarlyEnds(SearchInfo search, int inner)
    {
        var ended = search.Trials.Where(t => t.Status is TrialStatus.Stopped or TrialStatus.Failed).TakeLast(EarlyEndRows).ToList();
        if (ended.Count == 0) yield break;
        var outcomes = ended.Select(t => t.Status == TrialStatus.Stopped ? $"stopped @{t.Epochs}" : t.Failure?.ToString() ?? "failed").ToList();
        var table = new FixedColumns(inner - 1,
            ("trial", FixedColumns.WidthOf("trial", ended.Select(t => t.TrialId)), false),
            ("outcome", FixedColumns.WidthOf("outcome", outcomes), false),
            ("reason", 0, false));
        yield return "";
        yield return $"[bold]ended early[/] [grey]({search.Count(TrialStatus.Stopped)} stopped, {search.Count(TrialStatus.Failed)} failed; latest)[/]";
        yield return " " + table.Header();
        for (var i = 0; i < ended.Count; i++)
            yield return " " + table.Row(ended[i].TrialId, new Cell(outcomes[i], ended[i].Status == TrialStatus.Stopped ? "yellow" : "red"), ended[i].Reason ?? "");
    }

    /// <summary>A metric name short enough for a column header.</summary>
    private static string Short(string metric) => metric.Length <= 12 ? metric : metric[..11] + "…";
}
