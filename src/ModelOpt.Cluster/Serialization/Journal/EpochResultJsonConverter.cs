using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="AlgorithmCall.EpochResult"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class EpochResultJsonConverter : JsonConverter<AlgorithmCall.EpochResult>
{
    public override AlgorithmCall.EpochResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, AlgorithmCall.EpochResult value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static AlgorithmCall.EpochResult ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        var epoch = 0;
        var objective = 0.0;
        IReadOnlyDictionary<string, double>? metrics = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Epoch": epoch = JsonFields.ReadInt32(ref reader); break;
                case "Objective": objective = JsonFields.ReadDouble(ref reader); break;
                case "Metrics": metrics = JsonFields.ReadDoubles(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new AlgorithmCall.EpochResult(epoch, objective, metrics!);
    }

    internal static void WriteValue(Utf8JsonWriter writer, AlgorithmCall.EpochResult value)
    {
        writer.WriteStartObject();
        writer.WriteNumber("Epoch"u8, value.Epoch);
        JsonFields.WriteDouble(writer, "Objective"u8, value.Objective);
        JsonFields.WriteDoubles(writer, "Metrics"u8, value.Metrics);
        writer.WriteEndObject();
    }
}
