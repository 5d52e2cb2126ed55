using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SuggestionsExhausted"/>, an empty object (see <see cref="JournalConverters"/>).</summary>
internal sealed class SuggestionsExhaustedJsonConverter : JsonConverter<SuggestionsExhausted>
{
    public override SuggestionsExhausted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SuggestionsExhausted value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SuggestionsExhausted ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        while (JsonFields.NextProperty(ref reader, out _)) reader.Skip();
        return new SuggestionsExhausted();
    }

    internal static void WriteValue(Utf8JsonWriter writer, SuggestionsExhausted value)
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
