using System.Text;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Reports;

/// <summary>The report as Markdown beside its PNGs (linked by file name), for a repository or a wiki.</summary>
public static class MarkdownReport
{
    public static string Render(SearchInfo search, IReadOnlyList<ReportFigure> figures)
    {
        var md = new StringBuilder($"# {search.Name}: search report\n\n");
        Table(md, ["", ""], ReportFacts.Summary(search).Select(r => new[] { $"**{r.Name}**", r.Value }));
        if (search.Best is { } best)
        {
            md.Append($"## Best trial {best.TrialId}\n\n");
            Table(md, ["parameter", "value"], best.Config.Select(kv => new[] { kv.Key, TrialText.Value(kv.Value) }));
            if (best.Metrics is { Count: > 0 } metrics)
                Table(md, ["metric", "value"], metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, TrialText.Number(kv.Value) }));
        }
        foreach (var figure in figures) md.Append($"## {figure.Title}\n\n![{figure.Title}]({figure.FileName})\n\n{figure.Caption}\n\n");
        md.Append("## All trials\n\n").Append(search.ParetoTrialIds.Count > 0 ? "★ best trial, ◆ on the Pareto front\n\n" : "★ best trial\n\n");
        Table(md, ReportFacts.RowHeader, search.Trials.Select(t => ReportFacts.Row(search, t)));
        return md.ToString();
    }

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.Append("| ").AppendJoin(" | ", header.Select(Cell)).Append(" |\n|").AppendJoin("|", header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows) md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
