using System.Diagnostics;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Telemetry;

/// <summary>
/// The coordinator's telemetry of one search, owned by its <see cref="SearchEntity"/>: a short <c>search</c> span at
/// submission whose context is journaled with the search, a <c>trial</c> span per attempt from placement to outcome
/// (parented to the search span, so one trace holds the whole search however long it runs), the trial outcome
/// counters, the best-objective gauge and the queue wait (slot asked for → trial placed).
/// </summary>
public sealed class SearchTelemetry(string searchId)
{
    private static readonly KeyValuePair<string, object?> LostCause = new("cause", "lost");
    private static readonly KeyValuePair<string, object?> ExploitCause = new("cause", "exploit");

    private readonly KeyValuePair<string, object?> _searchTag = new("search", searchId);
    private readonly Dictionary<string, Activity> _trialSpans = new(StringComparer.Ordinal);

    /// <summary>When each slot the search wants but has not been granted was asked for, oldest first.</summary>
    private readonly List<long> _slotsAskedAt = [];

    /// <summary>Starts the <c>search</c> span around a submission; its <c>traceparent</c> goes into the journaled event.</summary>
    public static Activity? StartSearchSpan(string searchId)
    {
        var span = ModelOptTelemetry.Source.StartActivity("search", ActivityKind.Internal, default(ActivityContext));
        span?.SetTag("search.id", searchId);
        return span;
    }

    /// <summary>Describes an accepted search on its span; a rejected one is marked as an error.</summary>
    public static void Describe(Activity? span, SearchState state, string? rejection = null)
    {
        if (span is not { IsAllDataRequested: true }) return;
        if (rejection is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, rejection);
            return;
        }
        var spec = state.RequiredSpec;
        span.SetTag("search.name", spec.Name);
        span.SetTag("search.objective", $"{spec.Objective.Mode.ToString().ToLowerInvariant()} {spec.Objective.Metric}");
        span.SetTag("search.searcher", spec.Searcher.Type);
        span.SetTag("search.scheduler", spec.Scheduler.Type);
        span.SetTag("search.max_trials", spec.Budget.MaxTrials);
        span.SetTag("search.max_concurrent", spec.Budget.MaxConcurrent);
    }

    /// <summary>
    /// After recovery: how long it took (<paramref name="startedAt"/>: the entity's start; tagged with whether a snapshot
    /// was offered), and the gauge shows the best objective of the journaled trials.
    /// </summary>
    public void Recovered(SearchState state, long startedAt, bool fromSnapshot)
    {
        if (state.Status != SearchStatus.Empty)
            ModelOptTelemetry.RecoveryDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, _searchTag, new("from_snapshot", fromSnapshot));
        if (state.Best?.Objective is { } best) ModelOptTelemetry.BestObjective.Set(searchId, best, _searchTag);
    }

    /// <summary>The search now wants <paramref name="wanted"/> slots it has not been granted.</summary>
    public void SlotsWanted(int wanted)
    {
        while (_slotsAskedAt.Count < wanted) _slotsAskedAt.Add(Stopwatch.GetTimestamp());
        if (_slotsAskedAt.Count > wanted) _slotsAskedAt.RemoveRange(wanted, _slotsAskedAt.Count - wanted);
        ModelOptTelemetry.SlotsWanted.Set(searchId, wanted, _searchTag);
    }

    /// <summary>Events handed to the journal at <paramref name="handedAt"/> (a <see cref="Stopwatch"/> timestamp) are stored.</summary>
    public static void Journaled(long handedAt) =>
        ModelOptTelemetry.JournalWrite.Record(Stopwatch.GetElapsedTime(handedAt).TotalMilliseconds);

    /// <summary>
    /// An attempt of <paramref name="trial"/> is being placed on <paramref name="slot"/>: records the queue wait and
    /// starts its <c>trial</c> span. Returns the span's <c>traceparent</c> for the worker, or null when not traced.
    /// </summary>
    public string? TrialPlaced(SearchState state, TrialState trial, SlotId slot)
    {
        if (_slotsAskedAt.Count > 0)
        {
            ModelOptTelemetry.QueueWait.Record(Stopwatch.GetElapsedTime(_slotsAskedAt[0]).TotalMilliseconds);
            _slotsAskedAt.RemoveAt(0);
        }
        End(trial.Id, "replaced", null);
        var span = ModelOptTelemetry.StartDetached("trial", ActivityKind.Producer, ModelOptTelemetry.ParentFrom(state.TraceParent));
        if (span is null) return null;
        _trialSpans[trial.Id] = span;
        if (span.IsAllDataRequested)
        {
            span.SetTag("search.id", searchId);
            span.SetTag("trial.id", trial.Id);
            span.SetTag("trial.number", trial.Number);
            span.SetTag("trial.attempt", trial.Attempts);
            span.SetTag("node", slot.Node);
            span.SetTag("device", slot.Device);
            foreach (var (name, value) in trial.Config) span.SetTag($"trial.config.{name}", TagValue.Of(value));
        }
        return ModelOptTelemetry.TraceParentOf(span);
    }

    /// <summary>Counts a journaled event and ends the trial span it closes.</summary>
    public void Record(ISearchEvent e, SearchState after)
    {
        switch (e)
        {
            case TrialStarted:
                ModelOptTelemetry.TrialsStarted.Add(1, _searchTag);
                break;
            case TrialCompleted c:
                ModelOptTelemetry.TrialsCompleted.Add(1, _searchTag);
                End(c.TrialId, "completed", null, after.Trial(c.TrialId)?.Objective);
                if (after.Best?.Objective is { } best) ModelOptTelemetry.BestObjective.Set(searchId, best, _searchTag);
                break;
            case TrialStopped s:
                ModelOptTelemetry.TrialsStopped.Add(1, _searchTag, new("by", s.StoppedBy().ToString().ToLowerInvariant()));
                End(s.TrialId, "stopped", s.Reason, after.Trial(s.TrialId)?.Objective);
                break;
            case TrialFailed f:
                ModelOptTelemetry.TrialsFailed.Add(1, _searchTag, new("kind", SnakeCase(f.Kind.ToString())));
                End(f.TrialId, "failed", f.Reason, failure: f.Kind.ToString());
                break;
            case TrialRequeued r:
                ModelOptTelemetry.TrialsRequeued.Add(1, _searchTag, LostCause);
                End(r.TrialId, "requeued", r.Reason);
                break;
            case TrialExploited x:
                // The trial waits for a slot again, like a requeued one, so started = ended + requeued + running holds.
                ModelOptTelemetry.TrialsRequeued.Add(1, _searchTag, ExploitCause);
                End(x.TrialId, "exploited", x.Reason);
                break;
        }
    }

    /// <summary>The entity stops (passivated, coordinator leaving): open spans end, the search leaves the gauge.</summary>
    public void Stopped()
    {
        foreach (var id in _trialSpans.Keys.ToList()) End(id, "interrupted", "the search entity stopped");
        ModelOptTelemetry.BestObjective.Remove(searchId);
        ModelOptTelemetry.SlotsWanted.Remove(searchId);
    }

    /// <summary>An enum member as a label value: <c>NonFiniteLoss</c> → <c>non_finite_loss</c>.</summary>
    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private void End(string trialId, string outcome, string? reason, double? objective = null, string? failure = null)
    {
        if (!_trialSpans.Remove(trialId, out var span)) return;
        if (span.IsAllDataRequested)
        {
            span.SetTag("trial.outcome", outcome);
            if (reason is not null) span.SetTag("trial.reason", reason);
            if (objective is { } value) span.SetTag("trial.objective", value);
            if (failure is not null)
            {
                span.SetTag("trial.failure", failure);
                span.SetStatus(ActivityStatusCode.Error, reason);
            }
        }
        ModelOptTelemetry.Stop(span);
    }
}
