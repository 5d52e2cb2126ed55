using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchCancelled"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchCancelledJsonConverter : JsonConverter<SearchCancelled>
{
    public override SearchCancelled Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchCancelled value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchCancelled ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? reason = null;
        DateTimeOffset at = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                case "CancelledAt": at = JsonFields.ReadDateTimeOffset(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SearchCancelled(reason!, at);
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchCancelled value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        writer.WriteString("CancelledAt"u8, value.CancelledAt);
        writer.WriteEndObject();
    }
}
