using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Node.Tests.Support;
using Xunit;

namespace ModelOpt.Node.Tests.Isolation;

/// <summary>
/// A worker whose slots run trials in their own processes (as GPU slots do by default), here on the CPU: a trial whose
/// model cannot be allocated fails out of memory with libtorch's reason, while the trial beside it and the one placed
/// after it complete on the same worker. The failing allocation (a 40,000 × 2³¹ weight, more than a 64-bit address
/// space holds) fails at once on any machine, without touching memory.
/// </summary>
public sealed class IsolatedWorkerTests
{
    private const string Spec = """
        apiVersion: modelopt/v1
        name: isolated-oom
        objective: {metric: val_accuracy, mode: max}
        space:
          depth: 1
          units: {type: categorical, values: [8, 2147483647, 4]}
          lr: 0.05
          batchSize: 32
        searcher: grid
        scheduler: fifo
        budget: {maxTrials: 3, maxConcurrent: 2, maxEpochsPerTrial: 1}
        workload: {kind: torch, dataset: synthetic, samples: 60, features: 40000, classes: 2, threads: 1}
        """;

    [Fact]
    public async Task An_out_of_memory_trial_fails_alone_and_the_worker_keeps_running_the_others()
    {
        using var host = NodeHost.Build(new NodeOptions
        {
            Port = 0, Slots = 2, Gpus = "none", LogLevel = LogLevel.Warning,
            TrialIsolation = TrialIsolation.Process, TrialHostCommand = SlotProcessTests.NodeProgram,
        });
        await host.StartAsync();
        try
        {
            var done = await EmbeddedSearch.RunAsync(host.Services, Spec, TimeSpan.FromSeconds(120));

            var huge = Assert.Single(done.Trials, t => t.Config["units"].AsInt() == int.MaxValue);
            Assert.Equal(TrialStatus.Failed, huge.Status);
            Assert.Equal("out_of_memory", huge.Failure);
            Assert.Contains("allocate", huge.Reason);
            Assert.DoesNotContain("frame #", huge.Reason);
            Assert.All(done.Trials.Where(t => t != huge), t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.Equal(2, done.Count(TrialStatus.Completed));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
