using ModelOpt.Search;
using System.Diagnostics;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Telemetry;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Benchmarks.Specs;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// The instrumentation's own CPU cost per trial, without actors or messaging: one trial's telemetry calls (placement,
/// started and completed events, the worker's run with <paramref name="epochs"/> epoch reports) in a tight loop.
/// Far less noisy than whole-search throughput on a shared machine.
/// </summary>
internal static class TelemetryInstrumentationCost
{
    public static double MicrosecondsPerTrial(int trials, int epochs)
    {
        var spec = BraninSpec.Text("instrumentation-cost", 10, 1, searcher: null, budget: ", maxEpochsPerTrial: 3");
        var state = SearchState.Empty("bench", SearchCatalog.BuiltIn).DecideSubmit(spec, DateTimeOffset.UnixEpoch).State;
        var config = Config.Empty.With("x0", ParameterValue.Float(1.5)).With("x1", ParameterValue.Float(2.5));
        var trial = TrialState.Suggested("t0001", 1, config, 7) with { Attempts = 1 };
        var slot = new SlotId("akka.tcp://modelopt@127.0.0.1:4053", "cpu#0");
        var metrics = new Dictionary<string, double> { ["value"] = 1.0, ["samples_per_s"] = 1000 };
        var telemetry = new SearchTelemetry("bench");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < trials; i++)
        {
            var traceParent = telemetry.TrialPlaced(state, trial, slot);
            telemetry.Record(new TrialStarted(trial.Id, 1, slot.Node, slot.Device, DateTimeOffset.UnixEpoch), state);
            using (var run = TrialRunTelemetry.Start(new TrialAssignment("bench", trial.Id, 1, spec, config, 7) { TraceParent = traceParent }, slot.Node, slot.Device))
            {
                for (var epoch = 1; epoch <= epochs; epoch++) run.Epoch(new EpochReport(epoch, metrics, 0.001));
                run.End("succeeded");
            }
            telemetry.Record(new TrialCompleted(trial.Id, metrics, DateTimeOffset.UnixEpoch), state);
        }
        return clock.Elapsed.TotalMicroseconds / trials;
    }
}
