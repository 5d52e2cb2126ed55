using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="AlgorithmCall"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class AlgorithmCallJsonConverter : JsonConverter<AlgorithmCall>
{
    public override AlgorithmCall Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, AlgorithmCall value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static AlgorithmCall ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null;
        Config? suggested = null;
        AlgorithmCall.EpochResult? report = null;
        TrialOutcome? outcome = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Suggested": suggested = ConfigJsonConverter.ReadValue(ref reader); break;
                case "Report": report = JsonFields.ReadObjectOrNull(ref reader, EpochResultJsonConverter.ReadValue); break;
                case "Outcome": outcome = JsonFields.ReadObjectOrNull(ref reader, TrialOutcomeJsonConverter.ReadValue); break;
                default: reader.Skip(); break;
            }
        }
        return new AlgorithmCall(trialId!, suggested, report, outcome);
    }

    internal static void WriteValue(Utf8JsonWriter writer, AlgorithmCall value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        ConfigJsonConverter.WriteProperty(writer, "Suggested"u8, value.Suggested);
        if (value.Report is not null)
        {
            writer.WritePropertyName("Report"u8);
            EpochResultJsonConverter.WriteValue(writer, value.Report);
        }
        if (value.Outcome is not null)
        {
            writer.WritePropertyName("Outcome"u8);
            TrialOutcomeJsonConverter.WriteValue(writer, value.Outcome);
        }
        writer.WriteEndObject();
    }
}
