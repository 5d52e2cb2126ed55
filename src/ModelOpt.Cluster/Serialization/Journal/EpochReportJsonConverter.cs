using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="EpochReport"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class EpochReportJsonConverter : JsonConverter<EpochReport>
{
    public override EpochReport Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, EpochReport value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static EpochReport ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        var epoch = 0;
        IReadOnlyDictionary<string, double>? metrics = null;
        var seconds = 0.0;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Epoch": epoch = JsonFields.ReadInt32(ref reader); break;
                case "Metrics": metrics = JsonFields.ReadDoubles(ref reader); break;
                case "Seconds": seconds = JsonFields.ReadDouble(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new EpochReport(epoch, metrics!, seconds);
    }

    internal static void WriteValue(Utf8JsonWriter writer, EpochReport value)
    {
        writer.WriteStartObject();
        writer.WriteNumber("Epoch"u8, value.Epoch);
        JsonFields.WriteDoubles(writer, "Metrics"u8, value.Metrics);
        JsonFields.WriteDouble(writer, "Seconds"u8, value.Seconds);
        writer.WriteEndObject();
    }
}
