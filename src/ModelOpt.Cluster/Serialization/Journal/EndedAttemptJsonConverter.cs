using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="EndedAttempt"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class EndedAttemptJsonConverter : JsonConverter<EndedAttempt>
{
    public override EndedAttempt Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, EndedAttempt value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static EndedAttempt ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        int attempt = 0, end = 0;
        string? node = null, device = null, reason = null;
        DateTimeOffset? startedAt = null, endedAt = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Attempt": attempt = JsonFields.ReadInt32(ref reader); break;
                case "Node": node = JsonFields.ReadString(ref reader); break;
                case "Device": device = JsonFields.ReadString(ref reader); break;
                case "StartedAt": startedAt = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                case "EndedAt": endedAt = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                case "End": end = JournalEnums.AttemptEnd.Read(ref reader); break;
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new EndedAttempt(attempt, node, device, startedAt, endedAt, (AttemptEnd)end, reason!);
    }

    internal static void WriteValue(Utf8JsonWriter writer, EndedAttempt value)
    {
        writer.WriteStartObject();
        writer.WriteNumber("Attempt"u8, value.Attempt);
        JsonFields.WriteString(writer, "Node"u8, value.Node);
        JsonFields.WriteString(writer, "Device"u8, value.Device);
        JsonFields.WriteDateTimeOffset(writer, "StartedAt"u8, value.StartedAt);
        JsonFields.WriteDateTimeOffset(writer, "EndedAt"u8, value.EndedAt);
        JournalEnums.AttemptEnd.Write(writer, "End"u8, (int)value.End);
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        writer.WriteEndObject();
    }
}
