using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialStarted"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialStartedJsonConverter : JsonConverter<TrialStarted>
{
    public override TrialStarted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialStarted value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialStarted ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null, node = null, device = null, token = null;
        var attempt = 0;
        DateTimeOffset startedAt = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Attempt": attempt = JsonFields.ReadInt32(ref reader); break;
                case "Node": node = JsonFields.ReadString(ref reader); break;
                case "Device": device = JsonFields.ReadString(ref reader); break;
                case "StartedAt": startedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                case "Token": token = JsonFields.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialStarted(trialId!, attempt, node!, device!, startedAt) { Token = token };
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialStarted value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        writer.WriteNumber("Attempt"u8, value.Attempt);
        JsonFields.WriteString(writer, "Node"u8, value.Node);
        JsonFields.WriteString(writer, "Device"u8, value.Device);
        writer.WriteString("StartedAt"u8, value.StartedAt);
        JsonFields.WriteString(writer, "Token"u8, value.Token);
        writer.WriteEndObject();
    }
}
