using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchFinished"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchFinishedJsonConverter : JsonConverter<SearchFinished>
{
    public override SearchFinished Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchFinished value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchFinished ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? reason = null;
        DateTimeOffset at = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                case "FinishedAt": at = JsonFields.ReadDateTimeOffset(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SearchFinished(reason!, at);
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchFinished value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        writer.WriteString("FinishedAt"u8, value.FinishedAt);
        writer.WriteEndObject();
    }
}
