using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary>
/// An event that holds a reason and a time, field by field (see <see cref="JournalConverters"/>); each event names its
/// time property itself (<c>FinishedAt</c>, <c>CancelledAt</c>).
/// </summary>
internal abstract class ReasonAndTimeJsonConverter<T>(string timeName) : JsonConverter<T> where T : class
{
    private readonly string _timeName = timeName;
    private readonly JsonEncodedText _encodedTimeName = JsonEncodedText.Encode(timeName);

    protected abstract T Create(string reason, DateTimeOffset at);

    protected abstract string Reason(T value);

    protected abstract DateTimeOffset Time(T value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonFields.ExpectObject(ref reader);
        string? reason = null;
        DateTimeOffset at = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            if (name == "Reason") reason = JsonFields.ReadString(ref reader);
            else if (name == _timeName) at = JsonFields.ReadDateTimeOffset(ref reader);
            else reader.Skip();
        }
        return Create(reason!, at);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "Reason"u8, Reason(value));
        writer.WriteString(_encodedTimeName, Time(value));
        writer.WriteEndObject();
    }
}
