using System.Diagnostics.Metrics;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Where the time between a trial's end and the next start goes, from the cluster's own histograms: the journal's
/// round trip for a search's events (<c>modelopt.journal.write.duration</c>) and the slot's idle time at the
/// dispatcher (<c>modelopt.dispatch.latency</c>, whose mean, not its median, is what utilization loses).
/// </summary>
public sealed class PathTimings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _journal = [];
    private readonly List<double> _dispatch = [];

    public PathTimings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "modelopt.journal.write.duration" or "modelopt.dispatch.latency") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            var samples = instrument.Name == "modelopt.dispatch.latency" ? _dispatch : _journal;
            lock (samples) samples.Add(value);
        });
        _listener.Start();
    }

    public object Summary() => new
    {
        journal_write_ms = Of(_journal),
        dispatch_latency_ms = Of(_dispatch),
    };

    /// <summary>Forgets the samples so far (a warm-up's).</summary>
    public void Clear()
    {
        lock (_journal) _journal.Clear();
        lock (_dispatch) _dispatch.Clear();
    }

    public void Dispose() => _listener.Dispose();

    private static object Of(List<double> samples)
    {
        List<double> sorted;
        lock (samples) sorted = [.. samples.Order()];
        if (sorted.Count == 0) return new { count = 0 };
        double At(double q) => Math.Round(NearestRank.Of(sorted, q), 2);
        return new { count = sorted.Count, mean = Math.Round(sorted.Average(), 2), p50 = At(0.5), p90 = At(0.9), p99 = At(0.99) };
    }
}
