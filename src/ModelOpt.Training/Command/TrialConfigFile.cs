using System.Text.Json;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Command;

/// <summary>
/// The JSON file that hands a trial to a command: ids, the configuration (parameter name → number, string or
/// boolean), the epoch range, checkpoint locations, device, threads and seed. Its path is in <c>MOPT_TRIAL_CONFIG</c>.
/// </summary>
public static class TrialConfigFile
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void Write(string path, TrialContext context)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, Indented);
        json.WriteStartObject();
        json.WriteString("searchId", context.SearchId);
        json.WriteString("trialId", context.TrialId);
        json.WriteStartObject("config");
        foreach (var (name, value) in context.Config)
        {
            switch (value.ToObject())
            {
                case double d: json.WriteNumber(name, d); break;
                case long l: json.WriteNumber(name, l); break;
                case bool b: json.WriteBoolean(name, b); break;
                case var other: json.WriteString(name, (string)other); break;
            }
        }
        json.WriteEndObject();
        json.WriteNumber("maxEpochs", context.MaxEpochs);
        json.WriteNumber("startEpoch", context.StartEpoch);
        WriteStringOrNull(json, "checkpointDir", context.CheckpointDir);
        WriteStringOrNull(json, "initCheckpoint", context.InitCheckpoint);
        json.WriteString("device", context.Device);
        json.WriteNumber("threads", context.Threads);
        json.WriteNumber("seed", context.Seed);
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
