using ModelOpt.Client.Models;
using ModelOpt.Search.Spaces;
using ScottPlot;

namespace ModelOpt.Cli.Reports;

/// <summary>
/// Writes a search's report into a folder: PNG plots (objective per trial with the best so far, learning curves with
/// stopped trials cut unless every trial ran one epoch, fANOVA parameter importance and the objective against the top
/// parameters (log axes where the spec says log), the best trial's confusion
/// matrix when its workload returned one, the Pareto front for multi-objective searches), <c>report.html</c> (self-
/// contained, the PNGs embedded) and <c>report.md</c> (linking them).
/// </summary>
public static class SearchReport
{
    public const string HtmlFile = "report.html";
    public const string MarkdownFile = "report.md";

    /// <summary>Returns the paths written, PNGs first. <paramref name="space"/>: the spec's search space (its log scales), when at hand.</summary>
    public static IReadOnlyList<string> Write(SearchInfo search, string outDir, SearchSpace? space = null)
    {
        Directory.CreateDirectory(outDir);
        var figures = new List<ReportFigure>();
        void Save(Plot plot, ReportFigure figure, int width = ReportStyle.Width, int height = ReportStyle.Height)
        {
            plot.SavePng(Path.Combine(outDir, figure.FileName), width, height);
            figures.Add(figure);
        }

        Save(ObjectivePlot.Of(search), new ReportFigure("objective.png", "Objective per trial",
            $"Each ended trial's {search.Metric} by trial number, marked by how it ended (▲ stopped by the scheduler, ◆ by a user, ■ by the search's cancel: their last reported value); the line is the best completed trial so far."));
        if (LearningCurves.AreInformative(search))
            Save(CurvesPlot.Of(search), new ReportFigure("curves.png", "Learning curves",
                "Every trial's objective per epoch. Dashed lines ended early, in the colour and marker of who ended them (▲ scheduler, ◆ user, ■ cancel, × failed); the thick green line is the best trial."));
        var effects = ParameterImportance.Of(search, space);
        if (effects.Count > 0)
        {
            var explained = effects.Sum(e => e.VarianceShare);
            Save(ImportancePlot.Of(search, effects), new ReportFigure("importance.png", "Parameter importance",
                $"Functional ANOVA over a random forest fitted to the {effects.Max(e => e.Trials)} completed trials (Hutter et al., 2014): each parameter's share of the objective's variance it explains alone, normalized (numbers blue, categories orange). Main effects explain {explained:0%} of the variance, interactions the rest."),
                height: Math.Max(300, 120 + 32 * effects.Count));
            var panels = Math.Min(ParameterPlots.MaxPanels, effects.Count);
            var grid = ParameterPlots.Of(search, effects);
            grid.SavePng(Path.Combine(outDir, "parameters.png"), ReportStyle.Width, 320 * ((panels + 2) / 3));
            figures.Add(new ReportFigure("parameters.png", "Objective against the most important parameters",
                "Filled: completed trials; open: stopped early. Categorical values are spread sideways a little so equal ones stay visible."));
        }
        if (search.Best is { Artifacts: { } artifacts } best && ConfusionTable.Parse(artifacts.GetValueOrDefault(ConfusionTable.ArtifactKey)) is { } matrix)
        {
            var split = artifacts.GetValueOrDefault(ConfusionTable.SplitKey) ?? "validation";
            var side = Math.Clamp(260 + 40 * matrix.Classes.Count, 500, 900);
            Save(ConfusionPlot.Of(matrix, $"best trial {best.TrialId}: confusion matrix ({split})"), new ReportFigure("confusion.png", "Confusion matrix of the best trial",
                $"Counts of {best.TrialId} on the {split} split; the colour is the share of each actual class (rows sum to 1)."), side + 80, side);
        }
        if (search.ParetoTrialIds.Count > 0 && ParetoPlot.SecondMetric(search) is { } second)
            Save(ParetoPlot.Of(search, second), new ReportFigure("pareto.png", "Pareto front",
                $"{search.Metric} against {second}; diamonds are the trials no other trial beats on both (marked ◆ in the table)."));

        var html = Path.Combine(outDir, HtmlFile);
        var markdown = Path.Combine(outDir, MarkdownFile);
        File.WriteAllText(html, HtmlReport.Render(search, figures, outDir));
        File.WriteAllText(markdown, MarkdownReport.Render(search, figures));
        return [.. figures.Select(f => Path.Combine(outDir, f.FileName)), html, markdown];
    }
}
