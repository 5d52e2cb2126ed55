using System.Globalization;

namespace ModelOpt.Training.Data;

/// <summary>
/// Tabular data from a CSV file with a header row. The label column is named; every other column (or the named
/// feature columns) must be numeric. Label strings become class ids in order of first appearance, unless the
/// labels are all integers, in which case they are used as the class ids directly.
/// </summary>
public static class CsvDatasetLoader
{
    public static RawDataset Load(string path, string labelColumn, IReadOnlyList<string>? featureColumns = null)
    {
        if (!File.Exists(path)) throw new DatasetFormatException($"{path}: file not found");
        using var reader = new StreamReader(path);
        var headerLine = reader.ReadLine() ?? throw new DatasetFormatException($"{path}: empty file (a header row is required)");
        var header = SplitFields(headerLine);
        var labelIndex = IndexOf(path, header, labelColumn, "label");
        var featureIndices = (featureColumns ?? header.Where((_, i) => i != labelIndex).ToList())
            .Select(c => IndexOf(path, header, c, "feature")).ToArray();
        if (featureIndices.Length == 0) throw new DatasetFormatException($"{path}: no feature columns besides the label '{labelColumn}'");

        var features = new List<float>();
        var labelTexts = new List<string>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = SplitFields(line);
            if (fields.Count != header.Count)
                throw new DatasetFormatException($"{path} line {lineNumber}: {fields.Count} fields, the header has {header.Count}");
            foreach (var f in featureIndices)
            {
                if (!float.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                    throw new DatasetFormatException($"{path} line {lineNumber}: column '{header[f]}' value '{fields[f]}' is not a finite number");
                features.Add(value);
            }
            if (fields[labelIndex].Length == 0) throw new DatasetFormatException($"{path} line {lineNumber}: empty label");
            labelTexts.Add(fields[labelIndex]);
        }
        if (labelTexts.Count == 0) throw new DatasetFormatException($"{path}: no data rows");

        var (labels, classNames) = EncodeLabels(labelTexts);
        return new RawDataset(Path.GetFileNameWithoutExtension(path), features.ToArray(), [featureIndices.Length], labels, classNames);
    }

    private static (long[] Labels, IReadOnlyList<string> ClassNames) EncodeLabels(List<string> texts)
    {
        var integers = texts.Select(t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : -1).ToArray();
        if (integers.All(v => v >= 0) && integers.Max() < 10_000)
        {
            var count = (int)integers.Max() + 1;
            return (integers, Enumerable.Range(0, count).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList());
        }
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var labels = texts.Select(t => ids.TryGetValue(t, out var id) ? id : ids[t] = ids.Count).ToArray();
        return (labels, ids.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList());
    }

    private static int IndexOf(string path, List<string> header, string column, string role)
    {
        var index = header.IndexOf(column);
        if (index < 0) throw new DatasetFormatException($"{path}: {role} column '{column}' is not in the header ({string.Join(", ", header)})");
        return index;
    }

    /// <summary>Comma-separated fields; a field in double quotes may contain commas and doubled quotes.</summary>
    private static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }
}
