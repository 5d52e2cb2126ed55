using System.Text.RegularExpressions;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client.Models;
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
        Assert.Equal(["objective.png", "curves.png", "report.html", "report.md"], second.Select(Path.GetFileName));
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
}
