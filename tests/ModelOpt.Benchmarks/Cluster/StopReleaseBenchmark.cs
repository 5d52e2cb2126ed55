using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;
using ModelOpt.Node;
using ModelOpt.Search.Workloads;
using ModelOpt.Training;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// How fast an early-stopped trial's slot runs the next trial: a one-process node trains small MLPs on the shipped
/// MNIST subset (TorchSharp, the real <c>torch</c> workload) under ASHA, which stops about half the trials at each rung.
/// For every stop, from the scheduler's decision (the journaled <see cref="TrialStopped"/> time) to the next trial on
/// the same slot: its workload starting (runner up, <c>RunAsync</c> entered) and its first training step (the first
/// epoch's report time less the epoch's own duration, which leaves data split and model build on the second figure).
/// Compared with the median training step (batch size over the reported samples per second).
/// </summary>
public sealed class StopReleaseBenchmark : IBenchmark
{
    private const string Kind = "torch-timed";
    private const int BatchSize = 256;

    public string Name => "stop-release";
    public string Usage => "[--slots 2] [--trials 16] [--epochs 4]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var slots = args.Int("slots", 2);
        var trials = args.Int("trials", 16);
        var epochs = args.Int("epochs", 4);
        if (slots < 1 || trials < 2 || epochs < 2) throw new UsageException("--slots must be at least 1, --trials and --epochs at least 2");

        var starts = new ConcurrentDictionary<string, TrialTimes>(StringComparer.Ordinal);
        var stepSeconds = new ConcurrentBag<double>();
        var directory = Directory.CreateTempSubdirectory("mopt-stop-release-").FullName;
        var journal = Path.Combine(directory, "journal.db");
        try
        {
            var catalog = TrainingCatalog.Default.WithWorkload(Kind, (spec, options) =>
                new TimedWorkload(TorchWorkload.Create(spec, options, ModelFactory.Build), starts, stepSeconds));
            using (var host = NodeHost.Build(new NodeOptions { Port = 0, Slots = slots, Gpus = "none", Journal = journal, LogLevel = LogLevel.Error }, catalog: catalog))
            {
                await host.StartAsync();
                var commands = host.Services.GetRequiredService<SearchCommands>();
                var submitted = await commands.SubmitAsync(Spec(trials, slots, epochs));
                if (!submitted.Accepted) throw new InvalidOperationException(string.Join("; ", submitted.Errors));
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
                while ((await commands.GetAsync(submitted.SearchId))!.IsRunning)
                {
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("the search did not finish in 20 minutes");
                    await Task.Delay(500);
                }
                await host.StopAsync();
                var (toRun, toStep) = Releases(journal, $"search-{submitted.SearchId}", starts);
                var steps = stepSeconds.Select(s => s * 1000).Order().ToList();
                return new
                {
                    benchmark = Name,
                    slots,
                    trials,
                    epochs,
                    stops = toRun.Count,
                    stop_to_next_trial_running_ms_p50 = Round(Percentile(toRun, 0.5)),
                    stop_to_next_trial_running_ms_p99 = Round(Percentile(toRun, 0.99)),
                    stop_to_next_first_step_ms_p50 = Round(Percentile(toStep, 0.5)),
                    stop_to_next_first_step_ms_p99 = Round(Percentile(toStep, 0.99)),
                    training_step_ms_p50 = Round(Percentile(steps, 0.5)),
                    batch_size = BatchSize,
                };
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Per stop, from its journaled time to the next trial on that slot running, and to its first step.</summary>
    private static (List<double> ToRun, List<double> ToStep) Releases(string journal, string persistenceId, IReadOnlyDictionary<string, TrialTimes> times)
    {
        var slotOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var waiting = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var toRun = new List<double>();
        var toStep = new List<double>();
        using var connection = new SqliteConnection($"Data Source={journal}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = $id ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var manifest = reader.GetString(0);
            if (manifest is not ("trial-started.1" or "trial-stopped.1")) continue;
            using var body = JsonDocument.Parse((byte[])reader[1]);
            var trialId = body.RootElement.GetProperty("TrialId").GetString()!;
            if (manifest == "trial-stopped.1")
            {
                waiting[slotOf[trialId]] = body.RootElement.GetProperty("StoppedAt").GetDateTimeOffset();
                continue;
            }
            var slot = $"{body.RootElement.GetProperty("Node").GetString()}/{body.RootElement.GetProperty("Device").GetString()}";
            slotOf[trialId] = slot;
            if (!waiting.Remove(slot, out var stoppedAt) || !times.TryGetValue(trialId, out var next)) continue;
            toRun.Add((next.Started - stoppedAt).TotalMilliseconds);
            if (next.FirstStep is { } firstStep) toStep.Add((firstStep - stoppedAt).TotalMilliseconds);
        }
        toRun.Sort();
        toStep.Sort();
        return (toRun, toStep);
    }

    private static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : NearestRank.Of(sorted, q);

    private static double Round(double value) => Math.Round(value, 2);

    private sealed record TrialTimes(DateTimeOffset Started, DateTimeOffset? FirstStep);

    /// <summary>The torch workload, noting when each trial starts and when its first training step began.</summary>
    private sealed class TimedWorkload(ITrialWorkload inner, ConcurrentDictionary<string, TrialTimes> times, ConcurrentBag<double> stepSeconds) : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
        {
            times[context.TrialId] = new TrialTimes(DateTimeOffset.UtcNow, null);
            return inner.RunAsync(context, r =>
            {
                var now = DateTimeOffset.UtcNow;
                if (r.Metrics.TryGetValue(MetricNames.SamplesPerSecond, out var samplesPerSecond) && samplesPerSecond > 0)
                    stepSeconds.Add(BatchSize / samplesPerSecond);
                if (times.TryGetValue(context.TrialId, out var t) && t.FirstStep is null && r.Metrics.TryGetValue(MetricNames.EpochSeconds, out var epochSeconds))
                    times[context.TrialId] = t with { FirstStep = now - TimeSpan.FromSeconds(epochSeconds) };
                report(r);
            }, cancellationToken);
        }
    }

    private static string Spec(int trials, int slots, int epochs) => $$"""
        apiVersion: modelopt/v1
        name: stop-release
        seed: 5
        objective: {metric: val_accuracy, mode: max}
        space:
          family: mlp
          depth: 2
          layers:
            type: list
            size: depth
            item:
              units: {type: int, low: 128, high: 512, log: true}
          activation: relu
          optimizer: adam
          lr: {type: float, low: 1.0e-4, high: 0.05, log: true}
          batchSize: {{BatchSize}}
          epochs: {{epochs}}
        searcher: random
        scheduler: {type: asha, gracePeriod: 1, reductionFactor: 2}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{slots}}, maxEpochsPerTrial: {{epochs}}}
        trial: {timeout: 10m}
        workload: {kind: {{Kind}}, dataset: mnist, threads: 1}
        """;
}
