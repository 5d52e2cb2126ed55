using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Searches.External;
using ModelOpt.Cluster.Serialization.Journal;
using ModelOpt.Cluster.Workers;

namespace ModelOpt.Cluster.Serialization;

/// <summary>
/// The one serializer for every <see cref="IModelOptMessage"/>: System.Text.Json bodies under a short manifest per
/// type with a version suffix (<c>trial-started.1</c>). Journaled events must stay readable forever: fields may be
/// added (missing ones read as their defaults, unknown ones are skipped); renaming or retyping one needs a new
/// version suffix and a reader for the old one. The manifest table below is the contract — never reuse a name.
/// The journaled events, the snapshot and the index's events are written by hand (<see cref="JournalConverters"/>): a
/// field added to one of them goes into its converter too (JournalConverterTests fail until it does).
/// </summary>
public sealed class ModelOptSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4711;

    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        // journaled search events
        [typeof(SearchSubmitted)] = "search-submitted.1",
        [typeof(TrialSuggested)] = "trial-suggested.1",
        [typeof(TrialStarted)] = "trial-started.1",
        [typeof(TrialReported)] = "trial-reported.1",
        [typeof(TrialStopped)] = "trial-stopped.1",
        [typeof(TrialExploited)] = "trial-exploited.1",
        [typeof(TrialCompleted)] = "trial-completed.1",
        [typeof(TrialFailed)] = "trial-failed.1",
        [typeof(TrialRequeued)] = "trial-requeued.1",
        [typeof(SuggestionsExhausted)] = "suggestions-exhausted.1",
        [typeof(SearchFinished)] = "search-finished.1",
        [typeof(SearchCancelled)] = "search-cancelled.1",
        [typeof(SearchResumed)] = "search-resumed.1",
        // snapshot store
        [typeof(SearchStateSnapshot)] = "search-state-snapshot.1",
        // journaled index events (also its commands)
        [typeof(SearchIndex.Register)] = "index-register.1",
        [typeof(SearchIndex.StatusChanged)] = "index-status.1",
        [typeof(SearchIndex.Archived)] = "index-archived.1",
        [typeof(SearchIndex.Removed)] = "index-removed.1",
        [typeof(SearchIndex.List)] = "index-list.1",
        [typeof(SearchIndex.Listing)] = "index-listing.1",
        // search commands and replies
        [typeof(SubmitSearch)] = "submit-search.1",
        [typeof(SubmitResult)] = "submit-result.1",
        [typeof(GetSearch)] = "get-search.1",
        [typeof(GetSearchPage)] = "get-search-page.1",
        [typeof(SearchPageView)] = "search-page-view.1",
        [typeof(CancelSearch)] = "cancel-search.1",
        [typeof(ResumeSearch)] = "resume-search.1",
        [typeof(StopTrialByUser)] = "stop-trial-by-user.1",
        [typeof(ArchiveSearch)] = "archive-search.1",
        [typeof(DeleteSearch)] = "delete-search.1",
        [typeof(SearchCleaned)] = "search-cleaned.1",
        [typeof(GetSearchSpec)] = "get-search-spec.1",
        [typeof(SearchSpecText)] = "search-spec-text.1",
        [typeof(TrialFiles.ReadLogs)] = "trial-files-read-logs.1",
        [typeof(TrialFiles.Logs)] = "trial-files-logs.1",
        [typeof(TrialFiles.ReadArchive)] = "trial-files-read-archive.1",
        [typeof(TrialFiles.ArchiveChunk)] = "trial-files-archive-chunk.1",
        [typeof(SearchView)] = "search-view.1",
        [typeof(SlotGranted)] = "slot-granted.1",
        [typeof(TrialEpoch)] = "trial-epoch.1",
        [typeof(TrialSucceeded)] = "trial-succeeded.1",
        [typeof(TrialAttemptFailed)] = "trial-attempt-failed.1",
        // external trials (ask/report/tell)
        [typeof(AskTrial)] = "ask-trial.1",
        [typeof(AskReply)] = "ask-reply.1",
        [typeof(ReportExternalTrial)] = "report-external-trial.1",
        [typeof(HeartbeatExternalTrial)] = "heartbeat-external-trial.1",
        [typeof(TellExternalTrial)] = "tell-external-trial.1",
        [typeof(ExternalVerdict)] = "external-verdict.1",
        // dispatcher and workers
        [typeof(RegisterWorker)] = "register-worker.1",
        [typeof(WorkerRegistered)] = "worker-registered.1",
        [typeof(WorkerHeartbeat)] = "worker-heartbeat.1",
        [typeof(SlotDemand)] = "slot-demand.1",
        [typeof(ReleaseSlot)] = "release-slot.1",
        [typeof(StartTrial)] = "start-trial.1",
        [typeof(RunTrial)] = "run-trial.1",
        [typeof(StopTrial)] = "stop-trial.1",
        [typeof(SlotFreed)] = "slot-freed.1",
        [typeof(CheckRunningAttempts)] = "check-running-attempts.1",
        [typeof(TrialAssignment)] = "trial-assignment.1",
        [typeof(RunningAttempt)] = "running-attempt.1",
        [typeof(GetDispatchStats)] = "get-dispatch-stats.1",
        [typeof(DispatchStats)] = "dispatch-stats.1",
        [typeof(GetSlots)] = "get-slots.1",
        [typeof(SlotList)] = "slot-list.1",
        [typeof(SlotInfo)] = "slot-info.1",
        [typeof(DrainNode)] = "drain-node.1",
        [typeof(NodeDrained)] = "node-drained.1",
        [typeof(GpuStatus)] = "gpu-status.1",
        [typeof(HeldSlot)] = "held-slot.1",
        [typeof(RunHeldTrial)] = "run-held-trial.1",
        [typeof(ReleaseHeldSlot)] = "release-held-slot.1",
        [typeof(SlotReused)] = "slot-reused.1",
        [typeof(ReclaimSlot)] = "reclaim-slot.1",
        [typeof(HeldStartRefused)] = "held-start-refused.1",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types = Manifests.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    private readonly JsonSerializerOptions _options;

    public ModelOptSerializer(ExtendedActorSystem system) : base(system) => _options = Options(new ActorRefJsonConverter(system));

    public override int Identifier => SerializerId;

    /// <summary>Every type this serializer knows, for tests that round-trip each one.</summary>
    public static IReadOnlyCollection<Type> KnownTypes => Manifests.Keys.ToList();

    /// <summary>
    /// The options for reading what a journal holds (events, snapshots) outside an actor system: journaled messages
    /// carry no actor references.
    /// </summary>
    public static JsonSerializerOptions JournalOptions { get; } = Options(actorRefs: null);

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest) ? manifest : throw new ArgumentException($"{o.GetType().Name} has no ModelOpt manifest; add it to the table");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest, _options);

    /// <summary>
    /// The message, or a <see cref="SerializationException"/> naming the manifest for any body it cannot be read from
    /// (malformed JSON, wrong types, values a record refuses), so a bad payload is one typed error, whatever is wrong.
    /// </summary>
    public static object Read(ReadOnlySpan<byte> bytes, string manifest, JsonSerializerOptions options)
    {
        if (!Types.TryGetValue(manifest, out var type)) throw new SerializationException($"unknown ModelOpt manifest '{manifest}'");
        object? message;
        try
        {
            message = JsonSerializer.Deserialize(bytes, type, options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new SerializationException($"cannot read a '{manifest}' message: {e.Message}", e);
        }
        return message ?? throw new SerializationException($"empty body for manifest '{manifest}'");
    }

    private static JsonSerializerOptions Options(ActorRefJsonConverter? actorRefs)
    {
        var options = new JsonSerializerOptions
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new ParameterValueJsonConverter(), new ConfigJsonConverter(), new JsonStringEnumConverter() },
        };
        foreach (var converter in JournalConverters.All) options.Converters.Add(converter);
        if (actorRefs is not null) options.Converters.Add(actorRefs);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
