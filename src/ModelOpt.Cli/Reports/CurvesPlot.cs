using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>
/// Every trial's learning curve. Completed trials are solid blue lines, the best one thick green; trials that ended early
/// are dashed in the colour of who ended them and finish in its marker (▲ scheduler, ◆ user, ■ cancel, × failed).
/// </summary>
public static class CurvesPlot
{
    public static Plot Of(SearchInfo search)
    {
        var plot = ReportStyle.NewPlot($"learning curves: {search.Metric} per epoch", "epoch", search.Metric);
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        // Completed curves first, then the cut ones over them, the best last so nothing hides it.
        foreach (var curve in LearningCurves.Of(search).OrderBy(c => c.IsBest).ThenBy(c => c.IsCut))
        {
            var color = curve.IsBest ? ReportStyle.Best : curve.Outcome.Color;
            var line = plot.Add.Scatter(curve.Epochs.ToArray(), curve.Values.ToArray(), color.WithAlpha(curve.IsBest ? 1.0 : 0.75));
            line.LineWidth = curve.IsBest ? 3.5f : 1.5f;
            // A one-epoch curve has no line to draw: a dot shows it, unless the marker of a cut curve already does.
            line.MarkerSize = curve.Values.Count == 1 && !curve.IsCut ? 6 : 0;
            if (curve.IsCut) line.LinePattern = LinePattern.Dashed;
            var label = curve.IsBest ? $"best ({curve.TrialId})" : curve.Outcome.Label;
            if (labelled.Add(label)) line.LegendText = label;
            if (curve.IsCut)
            {
                var end = plot.Add.Marker(curve.Epochs[^1], curve.Values[^1], curve.Outcome.Marker, 10, color);
                end.MarkerLineWidth = 2;
            }
        }
        ReportStyle.WholeNumbers(plot.Axes.Bottom);
        plot.ShowLegend(search.Mode == ObjectiveMode.Max ? Alignment.LowerRight : Alignment.UpperRight);
        return plot;
    }
}
