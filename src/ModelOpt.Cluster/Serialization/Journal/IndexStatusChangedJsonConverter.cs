using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchIndex.StatusChanged"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class IndexStatusChangedJsonConverter : JsonConverter<SearchIndex.StatusChanged>
{
    public override SearchIndex.StatusChanged Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchIndex.StatusChanged value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchIndex.StatusChanged ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? searchId = null;
        var status = 0;
        DateTimeOffset? endedAt = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "SearchId": searchId = JsonFields.ReadString(ref reader); break;
                case "Status": status = JournalEnums.SearchStatus.Read(ref reader); break;
                case "EndedAt": endedAt = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SearchIndex.StatusChanged(searchId!, (SearchStatus)status) { EndedAt = endedAt };
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchIndex.StatusChanged value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "SearchId"u8, value.SearchId);
        JournalEnums.SearchStatus.Write(writer, "Status"u8, (int)value.Status);
        JsonFields.WriteDateTimeOffset(writer, "EndedAt"u8, value.EndedAt);
        writer.WriteEndObject();
    }
}
