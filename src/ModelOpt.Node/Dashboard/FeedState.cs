using System.Text;
using System.Text.Json;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node.Dashboard;

/// <summary>
/// One read of a search with a version per trial: the version of the refresh in which the trial last changed.
/// <see cref="BaseVersion"/> is the version every trial had when the feed started, so a page holding an older version
/// (from a feed since dropped, or a restarted node) gets everything again.
/// </summary>
public sealed class FeedState(SearchInfo snapshot, SearchSpec spec, long version, long baseVersion, long[] trialVersions, DateTimeOffset readAt)
{
    public SearchInfo Snapshot { get; } = snapshot;
    public SearchSpec Spec { get; } = spec;
    public long Version { get; } = version;
    public long BaseVersion { get; } = baseVersion;
    public DateTimeOffset ReadAt { get; } = readAt;

    /// <summary>Aligned with <see cref="SearchInfo.Trials"/>.</summary>
    public IReadOnlyList<long> TrialVersions { get; } = trialVersions;

    public bool IsFull(long after) => after < BaseVersion;

    public IEnumerable<TrialInfo> ChangedSince(long after)
    {
        var full = IsFull(after);
        for (var i = 0; i < Snapshot.Trials.Count; i++)
            if (full || TrialVersions[i] > after) yield return Snapshot.Trials[i];
    }

    public SearchDeltaView Delta(long after) => new(Version, IsFull(after), Header(), [.. ChangedSince(after).Select(Row)]);

    private CachedEvent? _lastEvent;

    /// <summary>
    /// The server-sent event carrying <see cref="Delta"/>(<paramref name="after"/>). Pages that keep up all ask for the
    /// delta since the previous version: the last one asked for is kept, so many open pages cost one serialization.
    /// </summary>
    public byte[] UpdateEvent(long after)
    {
        if (Volatile.Read(ref _lastEvent) is { } cached && cached.After == after) return cached.Event;
        var stream = new MemoryStream();
        stream.Write(Encoding.UTF8.GetBytes($"id: {Version}\nevent: update\ndata: "));
        JsonSerializer.Serialize(stream, Delta(after), CommandJson.Responses);
        stream.Write("\n\n"u8);
        var update = stream.ToArray();
        Volatile.Write(ref _lastEvent, new CachedEvent(after, update));
        return update;
    }

    private sealed record CachedEvent(long After, byte[] Event);

    public CurvesView Curves(long after)
    {
        var metric = Snapshot.Metric;
        var curves = new Dictionary<string, double[][]>(StringComparer.Ordinal);
        foreach (var trial in ChangedSince(after))
            curves[trial.TrialId] = [.. trial.Curve.Where(r => r.Metrics.ContainsKey(metric)).Select(r => new[] { r.Epoch, r.Metrics[metric] })];
        return new CurvesView(Version, metric, curves);
    }

    public SearchHeaderView Header()
    {
        var s = Snapshot;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["pending"] = 0, ["running"] = 0, ["completed"] = 0, ["stopped"] = 0, ["failed"] = 0 };
        foreach (var trial in s.Trials) counts[CommandJson.Name(trial.Status)]++;
        return new SearchHeaderView(s.SearchId, s.Name, s.Status, s.Reason, s.SubmittedAt, s.EndedAt, s.Metric, s.Mode, s.Objectives,
            s.MaxTrials, Spec.Budget.MaxConcurrent, s.MaxEpochsPerTrial, s.BestTrialId, s.ParetoTrialIds,
            Spec.Searcher.Type, Spec.Scheduler.Type, Spec.Workload.Kind, SearchSpecs.Parameters(Spec.Space), counts, ReadAt);
    }

    /// <summary>A trial for the table and plots: its last epoch report instead of its whole curve, no artifacts.</summary>
    private static TrialInfo Row(TrialInfo trial) =>
        trial with { Curve = trial.Curve.Count > 0 ? [trial.Curve[^1]] : [], Artifacts = null };
}
