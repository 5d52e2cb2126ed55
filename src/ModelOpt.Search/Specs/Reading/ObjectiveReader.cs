using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Reads <c>objective: {metric, mode, also: [{metric, mode}, ...]}</c>. <c>also</c> makes the search multi-objective:
/// a non-empty list of further metrics, each named once and distinct from the primary one.
/// </summary>
internal static class ObjectiveReader
{
    private static readonly string[] Modes = ["min", "max"];

    public static Objective? Read(MappingReader top)
    {
        var node = top.Get("objective", required: true);
        if (node is null) return null;
        var r = MappingReader.For("objective", node, top.Errors);
        if (r is null) return null;
        var primary = ReadOne(r);
        var also = ReadAlso(r, primary?.Metric);
        r.RejectUnknown();
        return primary is null || also is null ? null : primary with { Also = also };
    }

    private static Objective? ReadOne(MappingReader r)
    {
        var metric = r.String("metric", required: true);
        var mode = r.Choice("mode", Modes, required: true);
        if (metric is { Length: 0 }) { r.Errors.Add(r.PathOf("metric"), "must not be empty", r.Get("metric")); return null; }
        return metric is null || mode is null ? null : new Objective(metric, mode == "min" ? ObjectiveMode.Min : ObjectiveMode.Max);
    }

    /// <returns>The further objectives (empty when absent), or null when any is broken.</returns>
    private static List<Objective>? ReadAlso(MappingReader r, string? primaryMetric)
    {
        var node = r.Get("also");
        if (node is null) return [];
        var path = r.PathOf("also");
        if (node is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            r.Errors.Add(path, "must be a non-empty list of {metric, mode} mappings", node);
            return null;
        }
        var result = new List<Objective>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (primaryMetric is not null) seen.Add(primaryMetric);
        var valid = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = MappingReader.For($"{path}[{i}]", sequence.Children[i], r.Errors, "a mapping with metric and mode");
            var objective = item is null ? null : ReadOne(item);
            item?.RejectUnknown();
            if (objective is not null && !seen.Add(objective.Metric))
            {
                r.Errors.Add(item!.PathOf("metric"), $"'{objective.Metric}' is already an objective; each metric may appear once", item.Get("metric"));
                objective = null;
            }
            if (objective is null) valid = false;
            else result.Add(objective);
        }
        return valid ? result : null;
    }
}
