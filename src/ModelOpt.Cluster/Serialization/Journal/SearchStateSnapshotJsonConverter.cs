using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchStateSnapshot"/> field by field, its trials and algorithm calls too (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchStateSnapshotJsonConverter : JsonConverter<SearchStateSnapshot>
{
    public override SearchStateSnapshot Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, SearchStateSnapshot value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static SearchStateSnapshot ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? searchId = null, specText = null, endReason = null, traceParent = null, defaultSearcher = null;
        var status = 0;
        DateTimeOffset submittedAt = default;
        DateTimeOffset? endedAt = null;
        var searcherExhausted = false;
        IReadOnlyList<TrialState>? trials = null;
        IReadOnlyList<AlgorithmCall>? algorithmCalls = null;
        long version = 0;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "SearchId": searchId = JsonFields.ReadString(ref reader); break;
                case "SpecText": specText = JsonFields.ReadString(ref reader); break;
                case "Status": status = JournalEnums.SearchStatus.Read(ref reader); break;
                case "SubmittedAt": submittedAt = JsonFields.ReadDateTimeOffset(ref reader); break;
                case "EndedAt": endedAt = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                case "EndReason": endReason = JsonFields.ReadString(ref reader); break;
                case "SearcherExhausted": searcherExhausted = JsonFields.ReadBoolean(ref reader); break;
                case "Trials": trials = JsonFields.ReadList(ref reader, TrialStateJsonConverter.ReadValue); break;
                case "AlgorithmCalls": algorithmCalls = JsonFields.ReadList(ref reader, AlgorithmCallJsonConverter.ReadValue); break;
                case "TraceParent": traceParent = JsonFields.ReadString(ref reader); break;
                case "Version": version = JsonFields.ReadInt64(ref reader); break;
                case "DefaultSearcher": defaultSearcher = JsonFields.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SearchStateSnapshot(searchId!, specText!, (SearchStatus)status, submittedAt, endedAt, endReason, searcherExhausted, trials!, algorithmCalls!)
        {
            TraceParent = traceParent,
            Version = version,
            DefaultSearcher = defaultSearcher,
        };
    }

    internal static void WriteValue(Utf8JsonWriter writer, SearchStateSnapshot value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "SearchId"u8, value.SearchId);
        JsonFields.WriteString(writer, "SpecText"u8, value.SpecText);
        JournalEnums.SearchStatus.Write(writer, "Status"u8, (int)value.Status);
        writer.WriteString("SubmittedAt"u8, value.SubmittedAt);
        JsonFields.WriteDateTimeOffset(writer, "EndedAt"u8, value.EndedAt);
        JsonFields.WriteString(writer, "EndReason"u8, value.EndReason);
        writer.WriteBoolean("SearcherExhausted"u8, value.SearcherExhausted);
        JsonFields.WriteList(writer, "Trials"u8, value.Trials, TrialStateJsonConverter.WriteValue);
        JsonFields.WriteList(writer, "AlgorithmCalls"u8, value.AlgorithmCalls, AlgorithmCallJsonConverter.WriteValue);
        JsonFields.WriteString(writer, "TraceParent"u8, value.TraceParent);
        writer.WriteNumber("Version"u8, value.Version);
        JsonFields.WriteString(writer, "DefaultSearcher"u8, value.DefaultSearcher);
        writer.WriteEndObject();
    }
}
