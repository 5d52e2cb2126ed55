using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>
/// The objective of every ended trial against its number, marked by how it ended (stops by the scheduler, a user or a
/// cancel apart), with the best-so-far line.
/// </summary>
public static class ObjectivePlot
{
    public static Plot Of(SearchInfo search)
    {
        var plot = ReportStyle.NewPlot($"{search.Metric} per trial", "trial number", search.Metric);
        var numbered = search.Trials.Select((t, i) => (Trial: t, Number: i + 1.0)).Where(x => x.Trial.Objective is not null).ToList();
        foreach (var outcome in TrialOutcome.All)
        {
            var points = numbered.Where(x => TrialOutcome.Of(x.Trial) == outcome).ToList();
            if (points.Count == 0) continue;
            var scatter = plot.Add.ScatterPoints(points.Select(p => p.Number).ToArray(), points.Select(p => p.Trial.Objective!.Value).ToArray(), outcome.Color);
            scatter.MarkerSize = 9;
            scatter.MarkerShape = outcome.Marker;
            scatter.LegendText = outcome.IsCut ? $"{outcome.Label} (last reported)" : outcome.Label;
        }
        var (xs, ys) = BestSoFar(search, numbered);
        if (xs.Length > 0)
        {
            var line = plot.Add.Scatter(xs, ys, ReportStyle.Best);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2.5f;
            line.MarkerSize = 0;
            line.LegendText = "best so far";
        }
        ReportStyle.WholeNumbers(plot.Axes.Bottom);
        plot.ShowLegend(search.Mode == ObjectiveMode.Max ? Alignment.LowerRight : Alignment.UpperRight);
        return plot;
    }

    /// <summary>The best completed objective after each trial number (the line starts at the first completed trial).</summary>
    private static (double[] Xs, double[] Ys) BestSoFar(SearchInfo search, List<(TrialInfo Trial, double Number)> numbered)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        double? best = null;
        foreach (var (trial, number) in numbered)
        {
            if (trial.Status == TrialStatus.Completed)
            {
                var value = trial.Objective!.Value;
                best = best is not { } b ? value : search.Mode == ObjectiveMode.Max ? Math.Max(b, value) : Math.Min(b, value);
            }
            if (best is { } current)
            {
                xs.Add(number);
                ys.Add(current);
            }
        }
        return ([.. xs], [.. ys]);
    }
}
