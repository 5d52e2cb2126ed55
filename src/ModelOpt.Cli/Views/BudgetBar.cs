using System.Text;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Views;

/// <summary>
/// The trial budget as one bar: a cell per share of the budget, coloured and shaped by outcome (█ completed green,
/// █ stopped yellow, █ failed red, ▒ running blue, ░ still to run), so it reads in colour and in monochrome.
/// </summary>
public static class BudgetBar
{
    public static string Markup(SearchInfo search, int width)
    {
        var budget = Math.Max(search.MaxTrials, search.Total);
        if (budget == 0 || width <= 0) return "";
        (int Trials, string Style, char Cell)[] parts =
        [
            (search.Count(TrialStatus.Completed), "green", '█'),
            (search.Count(TrialStatus.Stopped), "yellow", '█'),
            (search.Count(TrialStatus.Failed), "red", '█'),
            (search.Count(TrialStatus.Running), "blue", '▒'),
        ];
        var bar = new StringBuilder();
        var trials = 0;
        var cells = 0;
        foreach (var (count, style, cell) in parts)
        {
            trials += count;
            // Cumulative rounding keeps the bar exactly `width` cells and every non-empty part at least one cell.
            var end = Math.Max(cells + (count > 0 ? 1 : 0), (int)Math.Round((double)trials * width / budget));
            end = Math.Min(end, width);
            if (end > cells) bar.Append($"[{style}]{new string(cell, end - cells)}[/]");
            cells = Math.Max(cells, end);
        }
        if (cells < width) bar.Append($"[grey]{new string('░', width - cells)}[/]");
        return bar.ToString();
    }

    /// <summary>The counts beside the bar's colours.</summary>
    public static string Legend(SearchInfo search)
    {
        var toRun = Math.Max(0, search.MaxTrials - search.Total) + search.Count(TrialStatus.Pending);
        return $"[green]█[/] {search.Count(TrialStatus.Completed)} completed  [yellow]█[/] {search.Count(TrialStatus.Stopped)} stopped  " +
            $"[red]█[/] {search.Count(TrialStatus.Failed)} failed  [blue]▒[/] {search.Count(TrialStatus.Running)} running  " +
            $"[grey]░[/] {toRun} to run";
    }

    /// <summary>A trial's epochs out of the cap as a bar <paramref name="width"/> cells wide (━ done, ─ to go); blank when the cap is unknown.</summary>
    public static string Epochs(int epochs, int maxEpochs, int width)
    {
        if (maxEpochs <= 0) return new string(' ', width);
        var filled = Math.Clamp((int)Math.Round((double)epochs * width / maxEpochs), 0, width);
        return $"[blue]{new string('━', filled)}[/][grey]{new string('─', width - filled)}[/]";
    }
}
