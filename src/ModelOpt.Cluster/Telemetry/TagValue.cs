using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Telemetry;

/// <summary>A configuration value as a span attribute of its own type (number, string, bool).</summary>
internal static class TagValue
{
    public static object Of(ParameterValue value) => value.Kind switch
    {
        ValueKind.Float => value.AsDouble(),
        ValueKind.Int => value.AsInt(),
        ValueKind.Bool => value.AsBool(),
        _ => value.AsString(),
    };
}
