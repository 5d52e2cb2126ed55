using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchResumed"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchResumedJsonConverter : JsonConverter<SearchResumed>
{
    public override SearchResumed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchResumed value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchResumed ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        DateTimeOffset resumedAt = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            if (name == "ResumedAt") resumedAt = JsonFields.ReadDateTimeOffset(ref reader);
            else reader.Skip();
        }
        return new SearchResumed(resumedAt);
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchResumed value)
    {
        writer.WriteStartObject();
        writer.WriteString("ResumedAt"u8, value.ResumedAt);
        writer.WriteEndObject();
    }
}
