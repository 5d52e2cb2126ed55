using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchIndex.Register"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class IndexRegisterJsonConverter : JsonConverter<SearchIndex.Register>
{
    public override SearchIndex.Register Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchIndex.Register value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchIndex.Register ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? searchId = null, name = null;
        DateTimeOffset submittedAt = default;
        while (JsonFields.NextProperty(ref reader, out var property))
        {
            switch (property)
            {
                case "SearchId": searchId = JsonFields.ReadString(ref reader); break;
                case "Name": name = JsonFields.ReadString(ref reader); break;
                case "SubmittedAt": submittedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SearchIndex.Register(searchId!, name!, submittedAt);
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchIndex.Register value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "SearchId"u8, value.SearchId);
        JsonFields.WriteString(writer, "Name"u8, value.Name);
        writer.WriteString("SubmittedAt"u8, value.SubmittedAt);
        writer.WriteEndObject();
    }
}
