namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>
/// Where a worker runs its trials. <see cref="Thread"/>: on threads of the worker's own process, sharing its CUDA
/// context, allocator and stream. <see cref="Process"/>: each slot keeps a long-lived trial process
/// (<see cref="SlotProcess"/>) that runs the slot's trials one after another, so trials sharing a GPU each have their
/// own context, stream, allocator and host thread, and a CUDA error, an out-of-memory or a crash ends one process, not
/// the worker. <see cref="Auto"/>: processes for GPU slots, threads for CPU slots (where a trial cannot corrupt
/// anything the others use and a process would only add its start-up).
/// </summary>
public enum TrialIsolation { Auto, Thread, Process }

/// <summary>How a worker isolates trials, and the command that starts a trial process (the running program's by default).</summary>
public sealed record TrialIsolationOptions(TrialIsolation Mode = TrialIsolation.Auto, TrialHostCommand? Command = null)
{
    public static readonly TrialIsolationOptions Default = new();

    /// <summary>Whether trials on the slot <paramref name="slotDevice"/> (<c>cpu#0</c>, <c>cuda:0#1</c>) run in a trial process.</summary>
    public bool IsolatesSlot(string slotDevice) => Mode switch
    {
        TrialIsolation.Process => true,
        TrialIsolation.Thread => false,
        _ => slotDevice.StartsWith("cuda", StringComparison.Ordinal),
    };

    /// <summary>Reads <c>auto</c>, <c>thread</c> or <c>process</c>; throws <see cref="ArgumentException"/> naming <paramref name="setting"/> otherwise.</summary>
    public static TrialIsolation Parse(string value, string setting) => value.ToLowerInvariant() switch
    {
        "auto" => TrialIsolation.Auto,
        "thread" => TrialIsolation.Thread,
        "process" => TrialIsolation.Process,
        _ => throw new ArgumentException($"{setting}: expected auto, thread or process, got '{value}'"),
    };
}
