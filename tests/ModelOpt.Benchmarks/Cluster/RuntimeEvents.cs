using System.Diagnostics.Tracing;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// The .NET runtime's own events, in process: each GC's pause (execution suspended to restarted) and generation, and
/// the thread pool's changes of its thread count with the reason (starvation, hill climbing, ...), so that a stall can
/// be laid beside them.
/// </summary>
public sealed class RuntimeEvents : EventListener
{
    /// <summary>A span of time, <see cref="DateTime.Ticks"/> (UTC), with what it was.</summary>
    public sealed record Span(long Start, long End, string What);

    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const EventKeywords ThreadingKeyword = (EventKeywords)0x10000;
    private const EventKeywords ContentionKeyword = (EventKeywords)0x4000;

    private readonly object _gate = new();
    private readonly List<Span> _pauses = [];
    private readonly List<Span> _adjustments = [];
    private readonly List<Span> _contentions = [];
    private long _suspendedAt;
    private int _generation = -1;
    private string _reason = "";

    public IReadOnlyList<Span> Pauses { get { lock (_gate) return [.. _pauses]; } }

    /// <summary>Thread-pool thread-count changes: End is when, What the new count and the reason.</summary>
    public IReadOnlyList<Span> Adjustments { get { lock (_gate) return [.. _adjustments]; } }

    /// <summary>Lock contentions that lasted 10 ms or more.</summary>
    public IReadOnlyList<Span> Contentions { get { lock (_gate) return [.. _contentions]; } }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, GcKeyword | ThreadingKeyword | ContentionKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var at = e.TimeStamp.ToUniversalTime().Ticks;
        lock (_gate)
        {
            switch (e.EventName)
            {
                case "GCSuspendEEBegin_V1":
                    _suspendedAt = at;
                    break;
                case "GCStart_V2":
                    _generation = Convert.ToInt32(e.Payload![1]);
                    _reason = e.Payload[2]?.ToString() ?? "";
                    break;
                case "GCRestartEEEnd_V1" when _suspendedAt != 0:
                    _pauses.Add(new Span(_suspendedAt, at, $"gen{_generation} {_reason}"));
                    _suspendedAt = 0;
                    _generation = -1;
                    break;
                case "ThreadPoolWorkerThreadAdjustmentAdjustment":
                    _adjustments.Add(new Span(at, at, $"{e.Payload![1]} threads ({Reason(e.Payload[2])})"));
                    break;
                case "ContentionStop_V1" when e.Payload is { Count: > 2 } && Convert.ToDouble(e.Payload[2]) >= 10e6:
                    var ns = Convert.ToDouble(e.Payload[2]);
                    _contentions.Add(new Span(at - (long)(ns / 100), at, "lock contention"));
                    break;
            }
        }
    }

    private static string Reason(object? reason) => Convert.ToInt32(reason) switch
    {
        0 => "warmup",
        1 => "initializing",
        2 => "random move",
        3 => "climbing move",
        4 => "change point",
        5 => "stabilizing",
        6 => "starvation",
        7 => "thread timed out",
        8 => "cooperative blocking",
        var other => other.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
