using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchSubmitted"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchSubmittedJsonConverter : JsonConverter<SearchSubmitted>
{
    public override SearchSubmitted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchSubmitted value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchSubmitted ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? searchId = null, specText = null, traceParent = null, defaultSearcher = null;
        DateTimeOffset submittedAt = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "SearchId": searchId = JsonFields.ReadString(ref reader); break;
                case "SpecText": specText = JsonFields.ReadString(ref reader); break;
                case "SubmittedAt": submittedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                case "TraceParent": traceParent = JsonFields.ReadString(ref reader); break;
                case "DefaultSearcher": defaultSearcher = JsonFields.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SearchSubmitted(searchId!, specText!, submittedAt) { TraceParent = traceParent, DefaultSearcher = defaultSearcher };
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchSubmitted value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "SearchId"u8, value.SearchId);
        JsonFields.WriteString(writer, "SpecText"u8, value.SpecText);
        writer.WriteString("SubmittedAt"u8, value.SubmittedAt);
        JsonFields.WriteString(writer, "TraceParent"u8, value.TraceParent);
        JsonFields.WriteString(writer, "DefaultSearcher"u8, value.DefaultSearcher);
        writer.WriteEndObject();
    }
}
