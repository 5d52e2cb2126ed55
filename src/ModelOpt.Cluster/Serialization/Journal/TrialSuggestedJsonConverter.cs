using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialSuggested"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialSuggestedJsonConverter : JsonConverter<TrialSuggested>
{
    public override TrialSuggested Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialSuggested value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialSuggested ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null;
        Search.Spaces.Config? config = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Config": config = ConfigJsonConverter.ReadValue(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialSuggested(trialId!, config!);
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialSuggested value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        ConfigJsonConverter.WriteProperty(writer, "Config"u8, value.Config);
        writer.WriteEndObject();
    }
}
