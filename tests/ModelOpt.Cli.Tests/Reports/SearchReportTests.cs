using System.Text.RegularExpressions;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client.Models;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cli.Tests.Reports;

public sealed class SearchReportTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_report_writes_html_markdown_and_valid_pngs_with_a_row_per_trial()
    {
        var search = SyntheticSearch.Of(12);

        var files = SearchReport.Write(search, _directory);

        var pngs = files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.Equal(["objective.png", "curves.png", "importance.png", "parameters.png", "confusion.png"], pngs.Select(Path.GetFileName));
        Assert.Contains(Path.Combine(_directory, "report.html"), files);
        Assert.Contains(Path.Combine(_directory, "report.md"), files);
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        foreach (var png in pngs)
        {
            var bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 10_000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes[..8]);
        }
        var html = File.ReadAllText(Path.Combine(_directory, "report.html"));
        Assert.Equal(12, Regex.Count(html, "<tr class=\"trial"));
        Assert.Equal(pngs.Count, Regex.Count(html, "src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\""));
        Assert.DoesNotContain(".png\"", html); // nothing linked: the page stands alone
        Assert.Contains("<tr class=\"trial best\"><td>t011</td><td>★</td>", html);
        Assert.Contains("/ckpt/best.pt", html);
        var markdown = File.ReadAllText(Path.Combine(_directory, "report.md"));
        Assert.Equal(12, Regex.Count(markdown, @"^\| t\d{3} \|", RegexOptions.Multiline));
        Assert.Equal(pngs.Count, Regex.Count(markdown, @"!\[[^\]]+\]\([a-z]+\.png\)"));
    }

    [Fact]
    public void Stopped_and_failed_trials_are_cut_curves_and_completed_ones_run_to_the_last_epoch()
    {
        var curves = LearningCurves.Of(SyntheticSearch.Of(7));

        Assert.Equal(7, curves.Count);
        Assert.All(curves.Where(c => c.Phase == TrialStatus.Completed), c =>
        {
            Assert.False(c.IsCut);
            Assert.Equal(SyntheticSearch.Epochs, c.Epochs[^1]);
        });
        Assert.Equal(["t003", "t005", "t006"], curves.Where(c => c.IsCut).Select(c => c.TrialId));
        Assert.All(curves.Where(c => c.IsCut), c => Assert.True(c.Epochs[^1] < SyntheticSearch.Epochs));
        Assert.Equal("t007", Assert.Single(curves, c => c.IsBest).TrialId);
    }

    [Fact]
    public void A_multi_objective_search_gets_a_pareto_plot_and_its_front_marked_in_the_tables()
    {
        var search = SyntheticSearch.Of(8, pareto: true);

        var files = SearchReport.Write(search, _directory);

        Assert.Contains(Path.Combine(_directory, "pareto.png"), files);
        Assert.Equal("parameters", ParetoPlot.SecondMetric(search));
        var html = File.ReadAllText(Path.Combine(_directory, "report.html"));
        Assert.Equal(search.ParetoTrialIds.Count, Regex.Count(html, "<tr class=\"trial[a-z ]* pareto\">"));
        var markdown = File.ReadAllText(Path.Combine(_directory, "report.md"));
        Assert.Equal(search.ParetoTrialIds.Count, Regex.Count(markdown, @"^\| t\d{3} \| ★?◆ \|", RegexOptions.Multiline));
    }

    [Fact]
    public void Without_a_confusion_matrix_or_completed_trials_the_report_still_writes_what_it_can()
    {
        var withArtifacts = SyntheticSearch.Of(2);
        var search = withArtifacts with { Trials = [.. withArtifacts.Trials.Select(t => t with { Artifacts = null })] };
        var failedOnly = SyntheticSearch.Of(5) with { Trials = [SyntheticSearch.Trial(5)], BestTrialId = null };

        var first = SearchReport.Write(search, Path.Combine(_directory, "a"));
        var second = SearchReport.Write(failedOnly, Path.Combine(_directory, "b"));

        Assert.DoesNotContain(first, f => f.EndsWith("confusion.png", StringComparison.Ordinal));
        Assert.Equal(["objective.png", "report.html", "report.md"], second.Select(Path.GetFileName)); // one trial of one epoch: no curve worth drawing
        Assert.Contains("no trial completed", File.ReadAllText(Path.Combine(_directory, "b", "report.md")));
    }

    [Fact]
    public void The_confusion_matrix_artifact_is_read_back_as_counts()
    {
        var table = ConfusionTable.Parse(SyntheticSearch.ConfusionCsv);

        Assert.NotNull(table);
        Assert.Equal(["cat", "dog", "owl"], table.Classes);
        Assert.Equal(45, table.Counts[1, 1]);
        Assert.Equal(51, table.RowTotal(1));
        Assert.Null(ConfusionTable.Parse("actual\\predicted,a,b\na,1\n"));
    }

    [Fact]
    public void Importance_is_fanova_and_an_axis_is_logarithmic_only_where_the_spec_says_log()
    {
        var search = SyntheticSearch.Of(12);
        var space = new SearchSpace([
            new ParameterDefinition("lr", new FloatDomain(1e-5, 1, Log: true)),
            new ParameterDefinition("units", new IntDomain(16, 256)),
            new ParameterDefinition("activation", new CategoricalDomain([ParameterValue.String("relu"), ParameterValue.String("tanh")])),
        ]);

        var observed = ParameterImportance.Of(search);
        var specified = ParameterImportance.Of(search, space);

        // lr spans three decades: a data-driven rule would have drawn it on a log axis; only the spec decides.
        Assert.False(observed.Single(e => e.Name == "lr").Log);
        Assert.True(specified.Single(e => e.Name == "lr").Log);
        Assert.False(specified.Single(e => e.Name == "units").Log);
        Assert.Equal(1.0, specified.Sum(e => e.Importance), 6);
        SearchReport.Write(search, _directory, space);
        Assert.Contains("Functional ANOVA", File.ReadAllText(Path.Combine(_directory, "report.md")));
    }

    [Fact]
    public void A_one_epoch_search_gets_no_learning_curves()
    {
        var search = SyntheticSearch.Of(8);
        var oneEpoch = search with
        {
            MaxEpochsPerTrial = 1,
            Trials = [.. search.Trials.Select(t => t with { Epochs = Math.Min(1, t.Epochs), Curve = [.. t.Curve.Take(1)] })],
        };

        var files = SearchReport.Write(oneEpoch, _directory);

        Assert.DoesNotContain(files, f => f.EndsWith("curves.png", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("objective.png", StringComparison.Ordinal));
    }

    [Fact]
    public void Stops_by_the_scheduler_a_user_and_a_cancel_are_told_apart()
    {
        var search = SyntheticSearch.Of(9);
        var stopped = search.Trials.Where(t => t.Status == TrialStatus.Stopped).ToList();
        search = search with
        {
            Trials = [.. search.Trials.Select(t => t.TrialId == stopped[0].TrialId ? t with { StoppedBy = StopKind.User }
                : t.TrialId == stopped[1].TrialId ? t with { StoppedBy = StopKind.Cancel } : t with { StoppedBy = t.Status == TrialStatus.Stopped ? StopKind.Scheduler : null })],
        };

        var outcomes = search.Trials.Where(t => t.Status == TrialStatus.Stopped).Select(t => ReportFacts.Row(search, t)[2]).ToList();
        SearchReport.Write(search, _directory);

        Assert.Equal(["stopped by a user", "stopped by the search's cancel", "stopped by the scheduler"], outcomes);
        Assert.Contains("stopped by a user", File.ReadAllText(Path.Combine(_directory, "report.md")));
    }
}
