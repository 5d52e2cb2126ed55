using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialFailed"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialFailedJsonConverter : JsonConverter<TrialFailed>
{
    public override TrialFailed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialFailed value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialFailed ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null, reason = null;
        var kind = 0;
        DateTimeOffset failedAt = default;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Kind": kind = JournalEnums.FailureKind.Read(ref reader); break;
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                case "FailedAt": failedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialFailed(trialId!, (Search.Workloads.FailureKind)kind, reason!, failedAt);
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialFailed value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        JournalEnums.FailureKind.Write(writer, "Kind"u8, (int)value.Kind);
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        writer.WriteString("FailedAt"u8, value.FailedAt);
        writer.WriteEndObject();
    }
}
