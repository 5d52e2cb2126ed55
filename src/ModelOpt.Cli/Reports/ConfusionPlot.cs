using System.Globalization;
using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>The best trial's confusion matrix as a heatmap: colour is the share of each actual class, the text the count.</summary>
public static class ConfusionPlot
{
    public static Plot Of(ConfusionTable table, string title)
    {
        var n = table.Classes.Count;
        var shares = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            var total = Math.Max(1, table.RowTotal(a));
            for (var p = 0; p < n; p++) shares[a, p] = (double)table.Counts[a, p] / total;
        }
        var plot = ReportStyle.NewPlot(title, "predicted", "actual");
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ShareColormap();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(heatmap).Label = "share of the actual class";
        var fontSize = n <= 10 ? 13 : n <= 20 ? 9 : 0;
        for (var a = 0; a < n && fontSize > 0; a++)
        for (var p = 0; p < n; p++)
        {
            // Heatmap row 0 is drawn at the top, at y = n - 1.
            var text = plot.Add.Text(table.Counts[a, p].ToString(CultureInfo.InvariantCulture), p, n - 1 - a);
            text.LabelFontSize = fontSize;
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontColor = ShareColormap.IsDark(shares[a, p]) ? Colors.White : Colors.Black;
        }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. table.Classes]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. table.Classes.Reverse()]);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return plot;
    }
}
