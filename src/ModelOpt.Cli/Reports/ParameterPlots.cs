using System.Globalization;
using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>
/// The objective against each of the most important parameters, one small panel each (a log axis only where the spec
/// says <c>log</c>; categories spread a little sideways so equal values stay visible), marked by how each trial ended.
/// </summary>
public static class ParameterPlots
{
    public const int MaxPanels = 6;

    public static Multiplot Of(SearchInfo search, IReadOnlyList<ParameterEffect> effects)
    {
        var shown = effects.Take(MaxPanels).ToList();
        var multiplot = new Multiplot();
        // A new multiplot holds one empty plot; the grid must hold exactly the panels.
        foreach (var empty in multiplot.GetPlots().ToArray()) multiplot.RemovePlot(empty);
        var columns = Math.Min(3, Math.Max(1, shown.Count));
        var rows = (shown.Count + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(Math.Max(1, rows), columns);
        var trials = search.Trials.Where(t => t.Objective is not null && t.Status is TrialStatus.Completed or TrialStatus.Stopped).ToList();
        foreach (var effect in shown)
        {
            var plot = multiplot.AddPlot();
            Fill(plot, search, effect, trials);
        }
        if (shown.Count == 0) multiplot.AddPlot().Title("no parameter set by 5 completed trials");
        return multiplot;
    }

    private static void Fill(Plot plot, SearchInfo search, ParameterEffect effect, List<TrialInfo> trials)
    {
        var with = trials.Where(t => t.Config.ContainsKey(effect.Name)).ToList();
        plot.Font.Set(ReportStyle.FontName);
        plot.Title($"{effect.Name} ({effect.Importance:0%})");
        plot.Axes.Title.Label.FontSize = 14;
        plot.YLabel(search.Metric);
        string[]? categories = effect.IsNumeric ? null : [.. with.Select(t => t.Config[effect.Name].ToString()).Distinct().Order(StringComparer.Ordinal)];
        var logScale = effect.IsNumeric && effect.Log;
        foreach (var outcome in TrialOutcome.All)
        {
            var points = with.Where(t => TrialOutcome.Of(t) == outcome).ToList();
            if (points.Count == 0) continue;
            var xs = points.Select((t, i) => X(t, effect.Name, categories, logScale, i)).ToArray();
            var scatter = plot.Add.ScatterPoints(xs, [.. points.Select(t => t.Objective!.Value)], outcome.Color.WithAlpha(0.8));
            scatter.MarkerSize = 7;
            scatter.MarkerShape = outcome.Marker;
        }
        if (categories is not null)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. categories.Select((_, i) => (double)i)], categories);
            plot.Axes.SetLimitsX(-0.5, categories.Length - 0.5);
        }
        else if (!logScale && with.All(t => t.Config[effect.Name].Kind == ConfigValueKind.Int))
            ReportStyle.WholeNumbers(plot.Axes.Bottom);
        else if (logScale)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Math.Pow(10, v).ToString("G2", CultureInfo.InvariantCulture) };
        plot.XLabel(logScale ? $"{effect.Name} (log)" : effect.Name);
    }

    private static double X(TrialInfo trial, string name, string[]? categories, bool logScale, int index)
    {
        var value = trial.Config[name];
        if (categories is not null) return Array.IndexOf(categories, value.ToString()) + ((index % 5) - 2) * 0.04;
        return logScale ? Math.Log10(value.AsDouble()) : value.AsDouble();
    }
}
