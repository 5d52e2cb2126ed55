using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary>The names of the enums that journaled events and snapshots hold.</summary>
internal static class JournalEnums
{
    public static readonly JsonEnumNames SearchStatus = new(typeof(SearchStatus));
    public static readonly JsonEnumNames TrialPhase = new(typeof(TrialPhase));
    public static readonly JsonEnumNames StopKind = new(typeof(StopKind));
    public static readonly JsonEnumNames FailureKind = new(typeof(FailureKind));
    public static readonly JsonEnumNames AttemptEnd = new(typeof(AttemptEnd));
    public static readonly JsonEnumNames TrialStatus = new(typeof(TrialStatus));
}
