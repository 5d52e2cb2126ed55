using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>Worker → trial process, one JSON object per line on its standard input: run a trial, or cancel the one running.</summary>
public sealed record TrialHostRequest(string Kind, string? SpecText = null, TrialContext? Context = null)
{
    public const string Run = "run";
    public const string Cancel = "cancel";
}

/// <summary>
/// Trial process → worker, one per line on its standard output behind <see cref="TrialHostJson.Marker"/>: ready (with
/// its process id), an epoch's report, and one end per trial: done (final metrics and artifacts), failed (kind and
/// reason) or cancelled.
/// </summary>
public sealed record TrialHostReply(string Kind)
{
    public const string Ready = "ready";
    public const string Epoch = "epoch";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public int? Pid { get; init; }
    public int EpochNumber { get; init; }
    public double Seconds { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    public IReadOnlyDictionary<string, string>? Artifacts { get; init; }
    public FailureKind? Failure { get; init; }
    public string? Reason { get; init; }

    [JsonIgnore]
    public bool Ends => Kind is Done or Failed or Cancelled;
}

/// <summary>The wire format of <see cref="TrialHostRequest"/> and <see cref="TrialHostReply"/>.</summary>
public static class TrialHostJson
{
    /// <summary>
    /// Precedes every reply line, so that anything else reaching the process's standard output (a native library's
    /// message) is told apart and kept as log output instead of breaking the protocol.
    /// </summary>
    public const string Marker = "@mopt-trial ";

    public static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ParameterValueJsonConverter(), new ConfigJsonConverter(), new JsonStringEnumConverter() },
    };

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Options);

    public static T Read<T>(string line) => JsonSerializer.Deserialize<T>(line, Options) ?? throw new JsonException("empty message");
}
