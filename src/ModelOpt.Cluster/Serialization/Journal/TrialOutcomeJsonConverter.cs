using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Search.Searchers;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="TrialOutcome"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class TrialOutcomeJsonConverter : JsonConverter<TrialOutcome>
{
    public override TrialOutcome Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialOutcome value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialOutcome ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        var status = 0;
        double? objective = null;
        var epochs = 0;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Status": status = JournalEnums.TrialStatus.Read(ref reader); break;
                case "Objective": objective = JsonFields.ReadNullableDouble(ref reader); break;
                case "Epochs": epochs = JsonFields.ReadInt32(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialOutcome((TrialStatus)status, objective, epochs);
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialOutcome value)
    {
        writer.WriteStartObject();
        JournalEnums.TrialStatus.Write(writer, "Status"u8, (int)value.Status);
        JsonFields.WriteDouble(writer, "Objective"u8, value.Objective);
        writer.WriteNumber("Epochs"u8, value.Epochs);
        writer.WriteEndObject();
    }
}
