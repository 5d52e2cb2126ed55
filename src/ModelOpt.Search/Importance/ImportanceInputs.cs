using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Importance;

/// <summary>
/// Trials encoded for <see cref="RandomForest"/>: one column per parameter that varies in the search space, values
/// mapped into the spec's domain (log parameters in log space, so an effect along a log axis is seen as the user
/// sees it), categories as level indexes. A conditional parameter's absence is a value of its own.
/// </summary>
public sealed class ImportanceInputs
{
    /// <summary>Categorical parameters with more choices than this are not analysed (a split is a bit mask).</summary>
    public const int MaxLevels = 63;

    private ImportanceInputs(IReadOnlyList<ImportanceFeature> features, double[][] columns, double[] targets)
    {
        Features = features;
        Columns = columns;
        Targets = targets;
    }

    public IReadOnlyList<ImportanceFeature> Features { get; }

    /// <summary>Columns[feature][row].</summary>
    public double[][] Columns { get; }

    public double[] Targets { get; }

    public int Rows => Targets.Length;

    /// <summary>Encodes <paramref name="points"/> (configurations and their objective values; non-finite values are skipped).</summary>
    public static ImportanceInputs Encode(SearchSpace space, IEnumerable<(Config Config, double Value)> points)
    {
        var rows = points.Where(p => double.IsFinite(p.Value)).ToList();
        var features = new List<ImportanceFeature>();
        var columns = new List<double[]>();
        foreach (var parameter in space.Parameters)
        {
            if (parameter.Domain is ConstantDomain) continue;
            if (parameter.Domain is CategoricalDomain { Choices.Count: > MaxLevels or < 2 }) continue;
            var values = new double[rows.Count];
            var absent = false;
            for (var i = 0; i < rows.Count; i++)
            {
                var unit = rows[i].Config.TryGetValue(parameter.Name, out var value) ? Encode(parameter.Domain, value) : null;
                absent |= unit is null;
                values[i] = unit ?? double.NaN;
            }
            if (parameter.Domain is CategoricalDomain categorical)
            {
                var levels = categorical.Choices.Count + (absent ? 1 : 0);
                for (var i = 0; i < values.Length; i++) if (double.IsNaN(values[i])) values[i] = levels - 1;
                features.Add(ImportanceFeature.Categorical(parameter.Name, levels));
            }
            else
            {
                for (var i = 0; i < values.Length; i++) if (double.IsNaN(values[i])) values[i] = -0.5;
                features.Add(ImportanceFeature.Numeric(parameter.Name, absent ? -1 : 0, 1));
            }
            columns.Add(values);
        }
        return new ImportanceInputs(features, [.. columns], [.. rows.Select(r => r.Value)]);
    }

    /// <summary>Numbers as their unit-interval position, categories as their index; null when the value does not fit the domain.</summary>
    private static double? Encode(Domain domain, ParameterValue value) => domain switch
    {
        FloatDomain f when value.IsNumeric => f.ToUnit(value.AsDouble()),
        IntDomain i when value.IsNumeric => i.ToUnit((long)Math.Round(value.AsDouble())),
        CategoricalDomain c when c.IndexOf(value) is var index and >= 0 => index,
        _ => null,
    };
}
