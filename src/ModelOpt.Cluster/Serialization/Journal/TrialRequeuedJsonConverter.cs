using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialRequeued"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialRequeuedJsonConverter : JsonConverter<TrialRequeued>
{
    public override TrialRequeued Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialRequeued value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialRequeued ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null, reason = null;
        DateTimeOffset? at = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                case "At": at = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialRequeued(trialId!, reason!) { At = at };
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialRequeued value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        JsonFields.WriteDateTimeOffset(writer, "At"u8, value.At);
        writer.WriteEndObject();
    }
}
