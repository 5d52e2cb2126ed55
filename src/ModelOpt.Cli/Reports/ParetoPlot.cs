using ModelOpt.Client.Models;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>
/// Multi-objective searches: the objective against the second objective (the trials' <c>parameters</c> metric when
/// they report it), every trial a grey point, the Pareto-front trials large and joined in order.
/// </summary>
public static class ParetoPlot
{
    public const string PreferredMetric = "parameters";

    /// <summary>The metric to plot the objective against, or null when the completed trials share none.</summary>
    public static string? SecondMetric(SearchInfo search)
    {
        var metrics = search.Trials.Where(t => t.Status == TrialStatus.Completed).Select(t => Metrics(t).Keys.ToHashSet(StringComparer.Ordinal)).ToList();
        if (metrics.Count == 0) return null;
        var shared = metrics.Aggregate((a, b) => { a.IntersectWith(b); return a; });
        shared.Remove(search.Metric);
        return shared.Contains(PreferredMetric) ? PreferredMetric : shared.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    public static Plot Of(SearchInfo search, string secondMetric)
    {
        var plot = ReportStyle.NewPlot($"Pareto front: {search.Metric} vs {secondMetric}", secondMetric, search.Metric);
        var points = search.Trials
            .Where(t => t.Objective is not null && Metrics(t).ContainsKey(secondMetric))
            .Select(t => (Trial: t, X: Metrics(t)[secondMetric], Y: t.Objective!.Value))
            .ToList();
        var front = points.Where(p => search.ParetoTrialIds.Contains(p.Trial.TrialId)).OrderBy(p => p.X).ToList();
        var others = points.Except(front).ToList();
        if (others.Count > 0)
        {
            var rest = plot.Add.ScatterPoints(others.Select(p => p.X).ToArray(), others.Select(p => p.Y).ToArray(), ReportStyle.Muted.WithAlpha(0.7));
            rest.MarkerSize = 7;
            rest.LegendText = "dominated";
        }
        if (front.Count > 0)
        {
            var line = plot.Add.Scatter(front.Select(p => p.X).ToArray(), front.Select(p => p.Y).ToArray(), ReportStyle.Front);
            line.MarkerSize = 11;
            line.MarkerShape = MarkerShape.FilledDiamond;
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = "Pareto front";
            foreach (var p in front)
            {
                var label = plot.Add.Text(p.Trial.TrialId, p.X, p.Y);
                label.LabelFontSize = 11;
                label.LabelAlignment = Alignment.LowerLeft;
                label.OffsetX = 6;
            }
        }
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>A trial's final metrics, or its last report for a trial stopped before it returned any.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(TrialInfo trial) =>
        trial.Metrics ?? (trial.Curve.Count > 0 ? trial.Curve[^1].Metrics : new Dictionary<string, double>());
}
