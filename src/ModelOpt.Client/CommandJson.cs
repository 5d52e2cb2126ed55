using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOpt.Client;

/// <summary>
/// The one JSON shape of the command API, <c>mopt --json</c> and <c>mopt run</c>'s summary: camelCase names, enums as
/// lower-case strings (<c>running</c>, <c>non_finite_loss</c>), config values plain, nulls left out, non-finite numbers
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>. Requests are read strictly (an unknown field is
/// an error); answers leniently, so a newer node's extra fields do not break an older client. docs/schemas/ holds a
/// JSON Schema per answer.
/// </summary>
public static class CommandJson
{
    public static JsonSerializerOptions Responses { get; } = Create(JsonUnmappedMemberHandling.Skip, indented: false);

    public static JsonSerializerOptions Requests { get; } = Create(JsonUnmappedMemberHandling.Disallow, indented: false);

    /// <summary>The answers' shape, indented for people (what <c>mopt --json</c> prints).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(JsonUnmappedMemberHandling.Skip, indented: true);

    /// <summary>An enum value as the JSON writes it (<c>NonFiniteLoss</c> → <c>non_finite_loss</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions Create(JsonUnmappedMemberHandling unmapped, bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = unmapped,
            WriteIndented = indented,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
