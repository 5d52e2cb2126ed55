using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelOpt.Cluster.Telemetry;

/// <summary>
/// The product's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>, and every
/// instrument, created once. Names, units and attributes are the ones docs/operations.md lists and the Grafana
/// dashboards query (the collector turns <c>modelopt.trials.started</c> into <c>modelopt_trials_started_total</c>).
/// With no listener attached, spans are never created and measurements cost a branch.
/// </summary>
public static class ModelOptTelemetry
{
    public const string Name = "ModelOpt.Cluster";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> TrialsStarted = Meter.CreateCounter<long>("modelopt.trials.started", "{trial}", "Attempts placed on a slot");
    public static readonly Counter<long> TrialsCompleted = Meter.CreateCounter<long>("modelopt.trials.completed", "{trial}", "Trials that returned their final metrics");
    public static readonly Counter<long> TrialsStopped = Meter.CreateCounter<long>("modelopt.trials.stopped", "{trial}", "Trials stopped by their scheduler or a cancellation");
    public static readonly Counter<long> TrialsFailed = Meter.CreateCounter<long>("modelopt.trials.failed", "{trial}", "Trials that failed for good");
    public static readonly Counter<long> TrialsRequeued = Meter.CreateCounter<long>("modelopt.trials.requeued", "{trial}", "Attempts that ended with the trial waiting for a slot again (cause: lost or exploit)");

    public static readonly Histogram<double> EpochDuration = Meter.CreateHistogram<double>("modelopt.epoch.duration", "s", "Wall time of one training epoch");
    public static readonly Histogram<double> DispatchLatency = Meter.CreateHistogram<double>("modelopt.dispatch.latency", "ms", "Slot freed to the next trial started on it");
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("modelopt.queue.wait", "ms", "A search asking for a slot to the trial placed on it");
    public static readonly Histogram<double> RecoveryDuration = Meter.CreateHistogram<double>("modelopt.search.recovery", "ms", "A search entity starting to its state rebuilt from the snapshot and journal");
    public static readonly Histogram<double> JournalWrite = Meter.CreateHistogram<double>("modelopt.journal.write.duration", "ms", "A search's events handed to the journal until stored");
    public static readonly Histogram<double> JournalCommit = Meter.CreateHistogram<double>("modelopt.journal.commit.duration", "ms", "One batch of journal rows stored by the journal's writer (one transaction)");

    /// <summary>Per worker slot (<c>node</c>, <c>device</c>): 1 while it runs an attempt, else 0. Workers report their own slots.</summary>
    public static readonly GaugeReadings<long> SlotsBusy = new();

    /// <summary>Per worker slot (<c>node</c>, <c>device</c>): 1 while the worker offers it.</summary>
    public static readonly GaugeReadings<long> SlotsTotal = new();

    /// <summary>Per search (<c>search</c>): the best completed trial's objective, in the user's units.</summary>
    public static readonly GaugeReadings<double> BestObjective = new();

    /// <summary>Per running attempt (<c>node</c>, <c>search</c>, <c>trial</c>): the last epoch's training samples per second.</summary>
    public static readonly GaugeReadings<double> SamplesPerSecond = new();

    /// <summary>Per running search (<c>search</c>): slots it asks for and has not been given, i.e. trials waiting to start.</summary>
    public static readonly GaugeReadings<long> SlotsWanted = new();

    /// <summary>1 on the node hosting the trial dispatcher singleton (the acting coordinator).</summary>
    public static readonly GaugeReadings<long> DispatcherActive = new();
    /// <summary>Per GPU of a worker (<c>node</c>, <c>device</c> = cuda:N, <c>gpu</c> = its name): percent of the last sample period a kernel ran.</summary>
    public static readonly GaugeReadings<long> GpuUtilization = new();

    /// <summary>Per GPU: memory in use by every process on it, bytes.</summary>
    public static readonly GaugeReadings<long> GpuMemoryUsed = new();

    /// <summary>Per GPU: its memory, bytes.</summary>
    public static readonly GaugeReadings<long> GpuMemoryTotal = new();

    /// <summary>Per GPU: the attempts its worker runs on it.</summary>
    public static readonly GaugeReadings<long> GpuTrials = new();

    static ModelOptTelemetry()
    {
        Meter.CreateObservableGauge("modelopt.slots.busy", SlotsBusy.Observe, "{slot}", "Worker slots running an attempt");
        Meter.CreateObservableGauge("modelopt.slots.total", SlotsTotal.Observe, "{slot}", "Worker slots offered");
        Meter.CreateObservableGauge("modelopt.search.slots_wanted", SlotsWanted.Observe, "{slot}", "Slots a running search waits for");
        Meter.CreateObservableGauge("modelopt.dispatcher.active", DispatcherActive.Observe, null, "1 on the node running the trial dispatcher");
        // No unit on these two: the Prometheus names the dashboards query carry none.
        Meter.CreateObservableGauge("modelopt.search.best_objective", BestObjective.Observe, null, "Best completed objective of a search");
        Meter.CreateObservableGauge("modelopt.training.samples_per_second", SamplesPerSecond.Observe, null, "Training throughput of a running trial");
        Meter.CreateObservableGauge("modelopt.gpu.utilization", GpuUtilization.Observe, null, "Percent of the last sample period a kernel ran on the GPU");
        Meter.CreateObservableGauge("modelopt.gpu.memory.used", GpuMemoryUsed.Observe, "By", "GPU memory in use by all processes");
        Meter.CreateObservableGauge("modelopt.gpu.memory.total", GpuMemoryTotal.Observe, "By", "GPU memory");
        Meter.CreateObservableGauge("modelopt.gpu.trials", GpuTrials.Observe, "{trial}", "Attempts running on the GPU");
    }

    /// <summary>The W3C <c>traceparent</c> of a span, to carry it in a message; null without one.</summary>
    public static string? TraceParentOf(Activity? activity) => activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null;

    /// <summary>The span context a <c>traceparent</c> names; default (no parent) when absent or malformed.</summary>
    public static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>Starts a span without making it <see cref="Activity.Current"/>: spans here outlive the message that starts them.</summary>
    public static Activity? StartDetached(string name, ActivityKind kind, ActivityContext parent, DateTimeOffset startTime = default)
    {
        var current = Activity.Current;
        var activity = Source.StartActivity(name, kind, parent, startTime: startTime);
        Activity.Current = current;
        return activity;
    }

    /// <summary>Ends a span started by <see cref="StartDetached"/>, leaving <see cref="Activity.Current"/> as it was.</summary>
    public static void Stop(Activity? activity)
    {
        if (activity is null) return;
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
