using Spectre.Console;

namespace ModelOpt.Cli.Views;

/// <summary>
/// Lays out table rows as fixed-width text so a row is always one line: every column but the last is padded to its
/// width, the last takes what is left of the line and is cut with an ellipsis. Widths count terminal columns of
/// plain text; markup is applied around the padded text.
/// </summary>
public sealed class FixedColumns(int lineWidth, params (string Header, int Width, bool Right)[] columns)
{
    private const string Gap = "  ";

    public int LastWidth => Math.Max(1, lineWidth - columns.SkipLast(1).Sum(c => c.Width + Gap.Length));

    public string Header() => "[grey]" + Markup.Escape(Line(columns.Select(c => c.Header).ToArray())) + "[/]";

    public string Row(params Cell[] cells) => string.Join(Gap, cells.Select((cell, i) =>
    {
        if (cell.Drawn is { } drawn) return drawn;
        var text = Markup.Escape(Fit(cell.Text, i));
        return cell.Style is { } style ? $"[{style}]{text}[/]" : text;
    }));

    private string Line(string[] cells) => string.Join(Gap, cells.Select(Fit));

    private string Fit(string text, int column)
    {
        var (_, width, right) = columns[column];
        if (column == columns.Length - 1) width = LastWidth;
        text = TrialText.Cut(text, width);
        return column == columns.Length - 1 ? text : right ? text.PadLeft(width) : text.PadRight(width);
    }

    /// <summary>The width a column needs for its header and values, at least <paramref name="minimum"/>.</summary>
    public static int WidthOf(string header, IEnumerable<string> values, int minimum = 0) =>
        Math.Max(minimum, values.Select(v => v.Length).Append(header.Length).Max());
}

/// <summary>
/// A table cell: plain text (escaped, padded, optionally styled), or markup already drawn to the column's width
/// (a progress bar).
/// </summary>
public readonly record struct Cell(string Text, string? Style = null, string? Drawn = null)
{
    public static implicit operator Cell(string text) => new(text);
}
