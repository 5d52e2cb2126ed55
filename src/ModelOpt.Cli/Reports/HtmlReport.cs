using System.Net;
using System.Text;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Reports;

/// <summary>The report as one self-contained HTML page: styles inline, every plot embedded as a PNG data URI.</summary>
public static class HtmlReport
{
    public static string Render(SearchInfo search, IReadOnlyList<ReportFigure> figures, string outDir)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(search.Name)}}: search report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222 }
            table { border-collapse: collapse; margin: .5em 0 1.5em }
            td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top }
            th { background: #f3f3f3 }
            td.config { font-family: monospace; font-size: 90% }
            tr.best { background: #eaf7ea }
            tr.pareto td:nth-child(2) { color: #9467bd }
            img { max-width: 100%; border: 1px solid #ddd }
            figure { margin: 1em 0 2em }
            figcaption { color: #555 }
            </style></head><body>
            <h1>{{E(search.Name)}}: search report</h1>

            """);
        Table(html, ["", ""], ReportFacts.Summary(search).Select(r => new[] { r.Name, r.Value }), header: false);
        if (search.Best is { } best) Best(html, best);
        foreach (var figure in figures)
        {
            var data = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(outDir, figure.FileName)));
            html.Append($"<figure><h2>{E(figure.Title)}</h2><img alt=\"{E(figure.Title)}\" src=\"data:image/png;base64,{data}\"><figcaption>{E(figure.Caption)}</figcaption></figure>\n");
        }
        html.Append("<h2>All trials</h2>\n<p>★ best trial");
        if (search.ParetoTrialIds.Count > 0) html.Append(", ◆ on the Pareto front");
        html.Append("</p>\n<table><tr>");
        foreach (var name in ReportFacts.RowHeader) html.Append($"<th>{E(name)}</th>");
        html.Append("</tr>\n");
        foreach (var trial in search.Trials)
        {
            var classes = "trial" + (trial.TrialId == search.BestTrialId ? " best" : "") + (search.ParetoTrialIds.Contains(trial.TrialId) ? " pareto" : "");
            var cells = ReportFacts.Row(search, trial);
            html.Append($"<tr class=\"{classes}\">");
            for (var i = 0; i < cells.Length; i++) html.Append(i == cells.Length - 1 ? $"<td class=\"config\">{E(cells[i])}</td>" : $"<td>{E(cells[i])}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    private static void Best(StringBuilder html, TrialInfo best)
    {
        html.Append($"<h2>Best trial {E(best.TrialId)}</h2>\n<h3>Config</h3>\n");
        Table(html, ["parameter", "value"], best.Config.Select(kv => new[] { kv.Key, TrialText.Value(kv.Value) }));
        if (best.Metrics is { Count: > 0 } metrics)
        {
            html.Append("<h3>Final metrics</h3>\n");
            Table(html, ["metric", "value"], metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, TrialText.Number(kv.Value) }));
        }
        var files = (best.Artifacts ?? new Dictionary<string, string>()).Where(kv => kv.Key != ConfusionTable.ArtifactKey).ToList();
        if (files.Count > 0)
        {
            html.Append("<h3>Artifacts</h3>\n");
            Table(html, ["artifact", "value"], files.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, kv.Value }));
        }
    }

    private static void Table(StringBuilder html, string[] columns, IEnumerable<string[]> rows, bool header = true)
    {
        html.Append("<table>");
        if (header) html.Append("<tr>").AppendJoin("", columns.Select(c => $"<th>{E(c)}</th>")).Append("</tr>");
        foreach (var row in rows) html.Append("<tr>").AppendJoin("", row.Select((c, i) => !header && i == 0 ? $"<th>{E(c)}</th>" : $"<td>{E(c)}</td>")).Append("</tr>");
        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
