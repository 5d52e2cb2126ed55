using System.Text.Json.Serialization;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary>
/// Hand-written converters for what a search journals and snapshots, and the index's events. With reflection, System.Text.Json
/// builds per-property generic metadata (<c>JsonPropertyInfo&lt;T&gt;</c>, enum converters, emitted getters) over our
/// types, which ReadyToRun cannot precompile, so a node's first search spent its first milliseconds in the JIT
/// (docs/benchmarks.md, issue 17). Each converter writes exactly the bytes reflection wrote (same names and order,
/// nulls left out) and reads what reflection read (any order, missing fields as defaults, unknown ones skipped).
/// </summary>
internal static class JournalConverters
{
    public static IReadOnlyList<JsonConverter> All { get; } =
    [
        new SearchSubmittedJsonConverter(),
        new TrialSuggestedJsonConverter(),
        new TrialStartedJsonConverter(),
        new TrialReportedJsonConverter(),
        new EpochReportJsonConverter(),
        new TrialStoppedJsonConverter(),
        new TrialExploitedJsonConverter(),
        new TrialCompletedJsonConverter(),
        new TrialFailedJsonConverter(),
        new TrialRequeuedJsonConverter(),
        new SuggestionsExhaustedJsonConverter(),
        new SearchFinishedJsonConverter(),
        new SearchCancelledJsonConverter(),
        new SearchResumedJsonConverter(),
        new SearchStateSnapshotJsonConverter(),
        new TrialStateJsonConverter(),
        new EndedAttemptJsonConverter(),
        new AlgorithmCallJsonConverter(),
        new EpochResultJsonConverter(),
        new TrialOutcomeJsonConverter(),
        new IndexRegisterJsonConverter(),
        new IndexStatusChangedJsonConverter(),
    ];
}
