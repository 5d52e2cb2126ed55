using ModelOpt.Cluster.Searches;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The interactive live view of one snapshot, laid out for a terminal <c>width</c> columns wide (80 and up): the
/// budget bar with counts, the running trials with their epoch progress and latest objective, the leaderboard, and
/// the latest trials stopped or failed with their reasons. Long configs and reasons are cut with an ellipsis.
/// </summary>
public static class SearchPanel
{
    private const int RunningRows = 6;
    private const int LeaderRows = 5;
    private const int EarlyEndRows = 4;
    private const int EpochBarWidth = 8;

    public static IRenderable Of(SearchSnapshot? search, TimeSpan elapsed, int width)
    {
        if (search is null) return new Markup("[grey]waiting for the search…[/]");
        var inner = Math.Max(40, width - 4);
        var rows = new List<IRenderable>
        {
            new Markup($"{BudgetBar.Markup(search, inner - 12)} [bold]{TrialText.Done(search),3}/{search.MaxTrials,-3}[/] done"),
            new Markup(BudgetBar.Legend(search)),
        };
        AddRunning(rows, search);
        AddLeaders(rows, search);
        AddEarlyEnds(rows, search);
        var status = search.Status switch
        {
            SearchStatus.Running => "[blue]running[/]",
            SearchStatus.Finished => "[green]finished[/]",
            SearchStatus.Cancelled => "[yellow]cancelled[/]",
            _ => "[grey]pending[/]",
        };
        var header = $" [bold]{Markup.Escape(search.Name)}[/] {Markup.Escape(search.SearchId)} · {status} · {TrialText.Clock(elapsed)} ";
        return new Panel(new Rows(rows)) { Header = new PanelHeader(header), Border = BoxBorder.Rounded, Expand = true, Width = width };
    }

    private static void AddRunning(List<IRenderable> rows, SearchSnapshot search)
    {
        var running = search.Trials.Where(t => t.Phase == TrialPhase.Running).ToList();
        if (running.Count == 0) return;
        var table = Table("running", "trial", "device", "epoch", Short(search.Metric), "config");
        foreach (var trial in running.Take(RunningRows))
            table.AddRow(Cell(trial.Id), Cell(trial.Device ?? "-"), new Markup(BudgetBar.Epochs(trial.Epochs, search.MaxEpochsPerTrial, EpochBarWidth)),
                Cell(TrialText.Number(TrialText.Latest(trial, search.Metric))), Cut(TrialText.Config(trial.Config)));
        rows.Add(table);
        if (running.Count > RunningRows) rows.Add(new Markup($"[grey]  … and {running.Count - RunningRows} more running[/]"));
    }

    private static void AddLeaders(List<IRenderable> rows, SearchSnapshot search)
    {
        var leaders = Leaderboard.Of(search);
        if (leaders.Count == 0) return;
        var table = Table($"best by {search.Metric} ({search.Mode.ToString().ToLowerInvariant()})", "#", "trial", Short(search.Metric), "epochs", "config");
        foreach (var (trial, rank) in leaders.Take(LeaderRows).Select((t, i) => (t, i + 1)))
            table.AddRow(Cell($"{rank}"), Cell(trial.Id), Cell(TrialText.Number(trial.Objective)), Cell($"{trial.Epochs}"), Cut(TrialText.Config(trial.Config)));
        rows.Add(table);
    }

    private static void AddEarlyEnds(List<IRenderable> rows, SearchSnapshot search)
    {
        var ended = search.Trials.Where(t => t.Phase is TrialPhase.Stopped or TrialPhase.Failed).ToList();
        if (ended.Count == 0) return;
        var table = Table($"stopped {TrialText.Count(search, TrialPhase.Stopped)} · failed {TrialText.Count(search, TrialPhase.Failed)} (latest)", "trial", "outcome", "reason");
        foreach (var trial in ended.TakeLast(EarlyEndRows))
        {
            var outcome = trial.Phase == TrialPhase.Stopped ? $"[yellow]stopped @{trial.Epochs}[/]" : $"[red]{Markup.Escape(trial.Failure?.ToString() ?? "failed")}[/]";
            table.AddRow(Cell(trial.Id), new Markup(outcome), Cut(trial.Reason ?? ""));
        }
        rows.Add(table);
    }

    private static Table Table(string title, params string[] columns)
    {
        var table = new Table { Border = TableBorder.Simple, Expand = true, Title = new TableTitle(title, new Style(decoration: Decoration.Bold)) };
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)) { NoWrap = true });
        // The last column (config or reason) takes what is left and is cut, so every row stays one line.
        table.Columns[^1].Width = null;
        return table;
    }

    private static Text Cell(string text) => new(text);

    private static Text Cut(string text) => new(text) { Overflow = Overflow.Ellipsis };

    /// <summary>A metric name short enough for a column header.</summary>
    private static string Short(string metric) => metric.Length <= 12 ? metric : metric[..11] + "…";
}
