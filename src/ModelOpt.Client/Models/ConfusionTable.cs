using System.Globalization;

namespace ModelOpt.Client.Models;

/// <summary>A confusion matrix read back from a trial's <c>confusion_matrix</c> artifact (CSV, header <c>actual\predicted,class…</c>).</summary>
public sealed record ConfusionTable(IReadOnlyList<string> Classes, long[,] Counts)
{
    public const string ArtifactKey = "confusion_matrix";
    public const string SplitKey = "confusion_matrix_split";

    /// <summary>The matrix, or null when the text is not a square table of counts.</summary>
    public static ConfusionTable? Parse(string? csv)
    {
        if (string.IsNullOrWhiteSpace(csv)) return null;
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var classes = lines[0].Split(',')[1..];
        if (classes.Length == 0 || lines.Length != classes.Length + 1) return null;
        var counts = new long[classes.Length, classes.Length];
        for (var a = 0; a < classes.Length; a++)
        {
            var cells = lines[a + 1].Split(',');
            if (cells.Length != classes.Length + 1) return null;
            for (var p = 0; p < classes.Length; p++)
                if (!long.TryParse(cells[p + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out counts[a, p])) return null;
        }
        return new ConfusionTable(classes, counts);
    }

    public long RowTotal(int actual) => Enumerable.Range(0, Classes.Count).Sum(p => Counts[actual, p]);
}
