using System.Text.Json;
using System.Text.Json.Serialization;
using System.Collections.Immutable;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary>
/// <see cref="TrialState"/> field by field, with the computed <see cref="TrialState.IsActive"/> and
/// <see cref="TrialState.Epochs"/> that reflection writes too (and nothing reads back) (see <see cref="JournalConverters"/>).
/// </summary>
internal sealed class TrialStateJsonConverter : JsonConverter<TrialState>
{
    public override TrialState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, TrialState value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static TrialState ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.ExpectObject(ref reader);
        string? id = null, node = null, device = null, reason = null, initFrom = null, attemptToken = null;
        int number = 0, phase = 0, attempts = 0, startEpoch = 0, exploits = 0;
        int? failure = null, stoppedBy = null;
        Config? config = null;
        ulong seed = 0;
        ImmutableList<EpochReport>? curve = null;
        IReadOnlyDictionary<string, double>? finalMetrics = null;
        IReadOnlyDictionary<string, string>? artifacts = null;
        double? objective = null;
        DateTimeOffset? startedAt = null, endedAt = null;
        long changedAt = 0;
        ImmutableList<EndedAttempt>? earlierAttempts = null;
        while (JsonFields.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "Id": id = JsonFields.ReadString(ref reader); break;
                case "Number": number = JsonFields.ReadInt32(ref reader); break;
                case "Config": config = ConfigJsonConverter.ReadValue(ref reader); break;
                case "Seed": seed = JsonFields.ReadUInt64(ref reader); break;
                case "Phase": phase = JournalEnums.TrialPhase.Read(ref reader); break;
                case "Attempts": attempts = JsonFields.ReadInt32(ref reader); break;
                case "Node": node = JsonFields.ReadString(ref reader); break;
                case "Device": device = JsonFields.ReadString(ref reader); break;
                case "Curve": curve = JsonFields.ReadImmutableList(ref reader, EpochReportJsonConverter.ReadValue); break;
                case "FinalMetrics": finalMetrics = JsonFields.ReadDoubles(ref reader); break;
                case "Objective": objective = JsonFields.ReadNullableDouble(ref reader); break;
                case "Failure": failure = JournalEnums.FailureKind.ReadNullable(ref reader); break;
                case "Reason": reason = JsonFields.ReadString(ref reader); break;
                case "StartedAt": startedAt = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                case "EndedAt": endedAt = JsonFields.ReadNullableDateTimeOffset(ref reader); break;
                case "InitFrom": initFrom = JsonFields.ReadString(ref reader); break;
                case "StartEpoch": startEpoch = JsonFields.ReadInt32(ref reader); break;
                case "Exploits": exploits = JsonFields.ReadInt32(ref reader); break;
                case "Artifacts": artifacts = JsonFields.ReadStrings(ref reader); break;
                case "ChangedAt": changedAt = JsonFields.ReadInt64(ref reader); break;
                case "StoppedBy": stoppedBy = JournalEnums.StopKind.ReadNullable(ref reader); break;
                case "AttemptToken": attemptToken = JsonFields.ReadString(ref reader); break;
                case "EarlierAttempts": earlierAttempts = JsonFields.ReadImmutableList(ref reader, EndedAttemptJsonConverter.ReadValue); break;
                default: reader.Skip(); break;
            }
        }
        return new TrialState(id!, number, config!, seed, (TrialPhase)phase, attempts, node, device, curve!, finalMetrics, objective,
            (FailureKind?)failure, reason, startedAt, endedAt)
        {
            InitFrom = initFrom,
            StartEpoch = startEpoch,
            Exploits = exploits,
            Artifacts = artifacts,
            ChangedAt = changedAt,
            StoppedBy = (StopKind?)stoppedBy,
            AttemptToken = attemptToken,
            EarlierAttempts = earlierAttempts,
        };
    }

    internal static void WriteValue(Utf8JsonWriter writer, TrialState value)
    {
        writer.WriteStartObject();
        JsonFields.WriteString(writer, "Id"u8, value.Id);
        writer.WriteNumber("Number"u8, value.Number);
        ConfigJsonConverter.WriteProperty(writer, "Config"u8, value.Config);
        writer.WriteNumber("Seed"u8, value.Seed);
        JournalEnums.TrialPhase.Write(writer, "Phase"u8, (int)value.Phase);
        writer.WriteNumber("Attempts"u8, value.Attempts);
        JsonFields.WriteString(writer, "Node"u8, value.Node);
        JsonFields.WriteString(writer, "Device"u8, value.Device);
        JsonFields.WriteList(writer, "Curve"u8, value.Curve, EpochReportJsonConverter.WriteValue);
        JsonFields.WriteDoubles(writer, "FinalMetrics"u8, value.FinalMetrics);
        JsonFields.WriteDouble(writer, "Objective"u8, value.Objective);
        JournalEnums.FailureKind.Write(writer, "Failure"u8, (int?)value.Failure);
        JsonFields.WriteString(writer, "Reason"u8, value.Reason);
        JsonFields.WriteDateTimeOffset(writer, "StartedAt"u8, value.StartedAt);
        JsonFields.WriteDateTimeOffset(writer, "EndedAt"u8, value.EndedAt);
        JsonFields.WriteString(writer, "InitFrom"u8, value.InitFrom);
        writer.WriteNumber("StartEpoch"u8, value.StartEpoch);
        writer.WriteNumber("Exploits"u8, value.Exploits);
        JsonFields.WriteStrings(writer, "Artifacts"u8, value.Artifacts);
        writer.WriteNumber("ChangedAt"u8, value.ChangedAt);
        JournalEnums.StopKind.Write(writer, "StoppedBy"u8, (int?)value.StoppedBy);
        JsonFields.WriteString(writer, "AttemptToken"u8, value.AttemptToken);
        JsonFields.WriteList(writer, "EarlierAttempts"u8, value.EarlierAttempts, EndedAttemptJsonConverter.WriteValue);
        writer.WriteBoolean("IsActive"u8, value.IsActive);
        writer.WriteNumber("Epochs"u8, value.Epochs);
        writer.WriteEndObject();
    }
}
