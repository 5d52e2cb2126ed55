using System.Collections.Concurrent;
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

    /// <summary>Answers kept per asked-for version; a page that fell further behind is answered uncached.</summary>
    private const int CachedAnswers = 8;

    private readonly ConcurrentDictionary<long, Lazy<byte[]>> _deltas = new();

    /// <summary>
    /// <see cref="Delta"/>(<paramref name="after"/>) as JSON, serialized once for every page asking for it: pages that
    /// keep up all ask for the delta since the previous version, and pages that open ask for everything, so however many
    /// pages watch, each state costs about two serializations (concurrent askers wait for the first).
    /// </summary>
    public byte[] DeltaJson(long after) => Cached(_deltas, IsFull(after) ? -1 : after,
        () => JsonSerializer.SerializeToUtf8Bytes(Delta(after), CommandJson.Responses));

    /// <summary>The server-sent event that carries <see cref="DeltaJson"/>(<paramref name="after"/>): its head, the JSON, then <see cref="EventEnd"/>.</summary>
    public byte[] EventHead => _eventHead ??= Encoding.UTF8.GetBytes($"id: {Version}\nevent: update\ndata: ");

    public static ReadOnlyMemory<byte> EventEnd => End;

    private static readonly byte[] End = "\n\n"u8.ToArray();
    private byte[]? _eventHead;

    private static byte[] Cached(ConcurrentDictionary<long, Lazy<byte[]>> cache, long key, Func<byte[]> make)
    {
        if (cache.TryGetValue(key, out var hit)) return hit.Value;
        if (cache.Count >= CachedAnswers) return make();
        return cache.GetOrAdd(key, _ => new Lazy<byte[]>(make, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>
    /// The objective per epoch of the trials changed since <paramref name="after"/>. A search with more than
    /// <paramref name="maxCurves"/> curves is answered whole but sampled instead (<see cref="SampledCurves"/>): drawing
    /// 10,000 polylines takes a browser seconds, and a page learns more from the best ones, an even sample of the rest,
    /// the band the rest lie in, and where each early stop happened.
    /// </summary>
    public CurvesView Curves(long after, int maxCurves)
    {
        var metric = Snapshot.Metric;
        var total = 0;
        foreach (var trial in Snapshot.Trials)
            if (HasCurve(trial, metric)) total++;
        if (total > maxCurves) return _sampled ??= SampledCurves(maxCurves, total);
        var curves = new Dictionary<string, double[][]>(StringComparer.Ordinal);
        foreach (var trial in ChangedSince(after))
            curves[trial.TrialId] = Points(trial, metric);
        return new CurvesView(Version, metric, IsFull(after), total, curves, null, null);
    }

    private CurvesView? _sampled;

    /// <summary>
    /// <paramref name="maxCurves"/> curves: every running trial and the best trial, the best by objective up to half the
    /// number, and an even sample of the others (by trial number) for the rest; the last point of every other trial that
    /// ended early (its stop marker); and per epoch the 10 %, 50 % and 90 % quantiles of all trials' values.
    /// </summary>
    private CurvesView SampledCurves(int maxCurves, int total)
    {
        var metric = Snapshot.Metric;
        var withCurves = Snapshot.Trials.Where(t => HasCurve(t, metric)).ToList();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trial in withCurves)
            if (trial.Status == TrialStatus.Running || trial.TrialId == Snapshot.BestTrialId) chosen.Add(trial.TrialId);
        var sign = Snapshot.Mode == ObjectiveMode.Max ? -1 : 1;
        foreach (var trial in withCurves.Where(t => t.Objective is { } v && double.IsFinite(v)).OrderBy(t => sign * t.Objective!.Value))
        {
            if (chosen.Count >= maxCurves / 2) break;
            chosen.Add(trial.TrialId);
        }
        var rest = withCurves.Where(t => !chosen.Contains(t.TrialId)).ToList();
        var room = maxCurves - chosen.Count;
        for (var i = 0; i < room && rest.Count > 0; i++) chosen.Add(rest[(int)((long)i * rest.Count / room)].TrialId);

        var curves = new Dictionary<string, double[][]>(chosen.Count, StringComparer.Ordinal);
        var ends = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var byEpoch = new SortedDictionary<double, List<double>>();
        foreach (var trial in withCurves)
        {
            var points = Points(trial, metric);
            if (chosen.Contains(trial.TrialId)) curves[trial.TrialId] = points;
            else if (trial.Status is TrialStatus.Stopped or TrialStatus.Failed) ends[trial.TrialId] = points[^1];
            foreach (var point in points)
            {
                if (!double.IsFinite(point[1])) continue;
                if (!byEpoch.TryGetValue(point[0], out var values)) byEpoch[point[0]] = values = [];
                values.Add(point[1]);
            }
        }
        var band = new List<CurveBandPoint>(byEpoch.Count);
        foreach (var (epoch, values) in byEpoch)
        {
            values.Sort();
            band.Add(new CurveBandPoint(epoch, Quantile(values, 0.1), Quantile(values, 0.5), Quantile(values, 0.9), values.Count));
        }
        return new CurvesView(Version, metric, true, total, curves, ends, band);
    }

    private static double Quantile(List<double> sorted, double q)
    {
        var at = q * (sorted.Count - 1);
        var low = (int)Math.Floor(at);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }

    private static bool HasCurve(TrialInfo trial, string metric)
    {
        foreach (var report in trial.Curve)
            if (report.Metrics.ContainsKey(metric)) return true;
        return false;
    }

    private static double[][] Points(TrialInfo trial, string metric) =>
        [.. trial.Curve.Where(r => r.Metrics.ContainsKey(metric)).Select(r => new[] { r.Epoch, r.Metrics[metric] })];

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
