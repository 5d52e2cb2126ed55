using System.Globalization;
using System.Text.Json;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;

namespace ModelOpt.Cluster.Tests.Searches.Recovery;

/// <summary>A journaled message as the serializer stored it: its manifest and its JSON body, byte for byte.</summary>
internal sealed record StoredMessage(string Manifest, JsonElement Body)
{
    public static StoredMessage Of(ModelOptSerializer serializer, object message) =>
        new(serializer.Manifest(message), JsonSerializer.Deserialize<JsonElement>(serializer.ToBinary(message)));

    public object Read(ModelOptSerializer serializer) => serializer.FromBinary(JsonSerializer.SerializeToUtf8Bytes(Body), Manifest);
}

/// <summary>
/// A search's journal and a snapshot as one version of the code wrote them, and what that version's search looked like
/// at the end of the journal (<see cref="AtEnd"/>) and after a restart and <see cref="RecoveryScenario.ContinuationSteps"/>
/// more steps (<see cref="Continued"/>). Later versions must recover both to <see cref="AtEnd"/>.
/// </summary>
internal sealed record RecoveryFixture(
    string Scenario,
    string WrittenBy,
    int Steps,
    IReadOnlyList<StoredMessage> Journal,
    int SnapshotAfterEvents,
    StoredMessage Snapshot,
    IReadOnlyList<string> AtEnd,
    IReadOnlyList<string> Continued)
{
    private static readonly JsonSerializerOptions Format = new() { WriteIndented = true };

    public static RecoveryFixture Read(string path) =>
        JsonSerializer.Deserialize<RecoveryFixture>(File.ReadAllText(path), Format) ?? throw new InvalidDataException($"{path} is empty");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Format) + "\n");

    /// <summary>One line per trial, every number written exactly, then the search's status.</summary>
    public static IReadOnlyList<string> Summary(SearchState state) =>
    [
        .. state.Trials.Select(t => string.Join(" | ",
            t.Id, t.Phase, $"attempts {t.Attempts}", $"epochs {t.Epochs}", $"objective {Exact(t.Objective)}",
            string.Join(", ", t.Config.Select(kv => $"{kv.Key}={(kv.Value.Kind == Search.Spaces.ValueKind.Float ? Exact(kv.Value.AsDouble()) : kv.Value.ToString())}")),
            t.Reason ?? "")),
        $"status {state.Status} | exhausted {state.SearcherExhausted} | best {state.Best?.Id}",
    ];

    private static string Exact(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "none";
}
