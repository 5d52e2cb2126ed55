using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Serialization;

namespace ModelOpt.Node.Commands;

/// <summary>
/// JSON of the command API: camelCase, enums as strings, configurations as the cluster writes them. Requests are read
/// strictly (an unknown field is an error); responses leniently, so a newer node's extra fields do not break a client.
/// </summary>
public static class CommandJson
{
    public static JsonSerializerOptions Responses { get; } = Create(JsonUnmappedMemberHandling.Skip);

    public static JsonSerializerOptions Requests { get; } = Create(JsonUnmappedMemberHandling.Disallow);

    private static JsonSerializerOptions Create(JsonUnmappedMemberHandling unmapped)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = unmapped,
            WriteIndented = false,
            Converters = { new ParameterValueJsonConverter(), new ConfigJsonConverter(), new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
