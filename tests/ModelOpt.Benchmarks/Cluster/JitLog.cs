using System.Diagnostics.Tracing;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Every method the JIT compiles, in process, written to a file as it happens: milliseconds since the log opened, the
/// tier (tier0, tier1, instrumented, optimized, ...), whether precompiled code was there and rejected, and the method
/// (namespace, name, signature). <see cref="Mark"/> puts a line of its own between them, so the methods compiled
/// during one search can be told from the node's start and from the other search. For finding what a first search
/// still compiles (docs/benchmarks.md, issue 17); the events cost CPU themselves, so not for the figures.
/// </summary>
public sealed class JitLog : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private const int JittedFlag = 0x8;
    private const int ReadyToRunRejectedFlag = 0x40;

    private readonly object _gate = new();
    /// <summary>Null until the constructor's body runs (the base constructor already enables the events) and after disposal.</summary>
    private StreamWriter? _file;
    private readonly long _opened = Environment.TickCount64;

    public JitLog(string path)
    {
        var file = new StreamWriter(path, append: false);
        lock (_gate) _file = file;
    }

    /// <summary>A line of its own, such as "search 1 submitted", in order with the methods.</summary>
    public void Mark(string what)
    {
        lock (_gate) _file?.WriteLine($"{Environment.TickCount64 - _opened}\t#\t{what}");
    }

    public override void Dispose()
    {
        base.Dispose();
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, JitKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!e.EventName!.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || e.Payload is not { Count: >= 8 }) return;
        var flags = Convert.ToInt32(e.Payload[5]);
        if ((flags & JittedFlag) == 0) return;
        var tier = $"tier{(flags >> 7) & 0x7}" + ((flags & ReadyToRunRejectedFlag) != 0 ? "+r2r-rejected" : "");
        var line = $"{Environment.TickCount64 - _opened}\t{tier}\t{e.Payload[6]}::{e.Payload[7]}\t{(e.Payload.Count > 8 ? e.Payload[8] : "")}";
        lock (_gate) _file?.WriteLine(line);
    }
}
