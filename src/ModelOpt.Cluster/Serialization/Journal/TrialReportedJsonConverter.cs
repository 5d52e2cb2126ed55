using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialReported"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialReportedJsonConverter : JsonConverter<TrialReported>
{
    public override TrialReported Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialReported value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialReported ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null;
        Search.Workloads.EpochReport? report = null;
        var attempt = 0;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Report": report = JsonFields.ReadObjectOrNull(ref reader, EpochReportJsonConverter.ReadValue); break;
                case "Attempt": attempt = JsonFields.ReadInt32(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialReported(trialId!, report!) { Attempt = attempt };
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialReported value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        if (value.Report is not null)
        {
            writer.WritePropertyName("Report"u8);
            EpochReportJsonConverter.WriteValue(writer, value.Report);
        }
        writer.WriteNumber("Attempt"u8, value.Attempt);
        writer.WriteEndObject();
    }
}
