using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialStopped"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialStoppedJsonConverter : JsonConverter<TrialStopped>
{
    public override TrialStopped Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialStopped value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialStopped ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null, reason = null;
        DateTimeOffset stoppedAt = default;
        StopKind? by = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                case "StoppedAt": stoppedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                case "By": by = (StopKind?)JournalEnums.StopKind.ReadNullable(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialStopped(trialId!, reason!, stoppedAt) { By = by };
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialStopped value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        writer.WriteString("StoppedAt"u8, value.StoppedAt);
        JournalEnums.StopKind.Write(writer, "By"u8, (int?)value.By);
        writer.WriteEndObject();
    }
}
