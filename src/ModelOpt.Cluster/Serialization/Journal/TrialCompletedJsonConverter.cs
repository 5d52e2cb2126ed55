using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialCompleted"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialCompletedJsonConverter : JsonConverter<TrialCompleted>
{
    public override TrialCompleted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialCompleted value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialCompleted ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? trialId = null;
        IReadOnlyDictionary<string, double>? metrics = null;
        DateTimeOffset completedAt = default;
        IReadOnlyDictionary<string, string>? artifacts = null;
        var attempt = 0;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "TrialId": trialId = JsonFields.ReadString(ref reader); break;
                case "Metrics": metrics = JsonFields.ReadDoubles(ref reader); break;
                case "CompletedAt": completedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                case "Artifacts": artifacts = JsonFields.ReadStrings(ref reader); break;
                case "Attempt": attempt = JsonFields.ReadInt32(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialCompleted(trialId!, metrics!, completedAt) { Artifacts = artifacts, Attempt = attempt };
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialCompleted value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "TrialId"u8, value.TrialId);
        JsonFields.WriteDoubles(writer, "Metrics"u8, value.Metrics);
        writer.WriteString("CompletedAt"u8, value.CompletedAt);
        JsonFields.WriteStrings(writer, "Artifacts"u8, value.Artifacts);
        writer.WriteNumber("Attempt"u8, value.Attempt);
        writer.WriteEndObject();
    }
}
