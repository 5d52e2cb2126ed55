using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>The parameters' fANOVA importance as horizontal bars, most important on top.</summary>
public static class ImportancePlot
{
    public static Plot Of(SearchInfo search, IReadOnlyList<ParameterEffect> effects)
    {
        var plot = ReportStyle.NewPlot($"parameter importance for {search.Metric} (fANOVA)", "share of the explained variance", "");
        var bars = effects.Reverse().Select((e, i) => new Bar
        {
            Position = i,
            Value = e.Importance,
            FillColor = e.IsNumeric ? ReportStyle.Completed : ReportStyle.Stopped,
            Label = e.Importance.ToString("0%", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 12;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. bars.Select(b => b.Position)], [.. effects.Reverse().Select(e => e.Name)]);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.Axes.SetLimitsX(0, 1.1);
        plot.Axes.Margins(left: 0, right: 0.1, bottom: 0.05, top: 0.05);
        return plot;
    }
}
