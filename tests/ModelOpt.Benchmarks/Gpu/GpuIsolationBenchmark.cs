using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Benchmarks.Gpu;

/// <summary>
/// Isolation on one GPU, with trials in their own processes: (1) a search where one trial's model cannot be allocated
/// (a 784 × 2³¹ weight) beside trials that fit; (2) a search capped at <c>--cap</c> of GPU memory per trial
/// (<c>trial.gpuMemory</c>) where one model needs more; (3) a trial whose kernel crashes (device-side assertion,
/// <see cref="KernelFaultWorkload"/>) while a neighbour trains on the same GPU, then the crashed slot's next trial.
/// Reports each trial's outcome and reason; on a CPU (<c>--device cpu</c>) it runs the same paths without a GPU.
/// </summary>
public sealed class GpuIsolationBenchmark : IBenchmark
{
    public string Name => "gpu-isolation";
    public string Usage => "[--device cuda:0|cpu] [--cap 1GiB]";

    private const string Huge = """
        apiVersion: modelopt/v1
        name: isolation-huge
        objective: {metric: val_accuracy, mode: max}
        space:
          family: mlp
          depth: 1
          units: {type: categorical, values: [64, 2147483647, 128, 256]}
          batchSize: 128
        searcher: grid
        scheduler: fifo
        budget: {maxTrials: 4, maxConcurrent: 4, maxEpochsPerTrial: 2}
        workload: {kind: torch, dataset: mnist, threads: 1}
        """;

    private const string Capped = """
        apiVersion: modelopt/v1
        name: isolation-capped
        objective: {metric: val_accuracy, mode: max}
        space:
          family: mlp
          depth: 2
          units: {type: categorical, values: [64, 16384]}
          batchSize: 128
        searcher: grid
        scheduler: fifo
        budget: {maxTrials: 2, maxConcurrent: 2, maxEpochsPerTrial: 2}
        trial: {gpuMemory: CAP}
        workload: {kind: torch, dataset: mnist, threads: 1}
        """;

    private const string Neighbour = """
        apiVersion: modelopt/v1
        name: isolation-neighbour
        objective: {metric: val_accuracy, mode: max}
        space:
          family: mlp
          lr: 0.001
        budget: {maxTrials: 1, maxEpochsPerTrial: 6}
        workload: {kind: torch, dataset: mnist, threads: 1}
        """;

    private const string Fault = """
        apiVersion: modelopt/v1
        name: isolation-fault
        objective: {metric: picked, mode: max}
        space:
          x: 1
        budget: {maxTrials: 1, maxEpochsPerTrial: 1}
        workload: {kind: kernel-fault}
        """;

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var device = args.String("device", "cuda:0");
        var cap = args.String("cap", "1GiB");
        var gpus = device == "cpu" ? "none" : "auto";
        var limit = TimeSpan.FromSeconds(120);
        var huge = await SearchOnNode.RunAsync(Huge, 4, gpus, TrialIsolation.Process, limit);
        var capped = await SearchOnNode.RunAsync(Capped.Replace("CAP", cap), 2, gpus, TrialIsolation.Process, limit);
        return new
        {
            benchmark = Name,
            device,
            huge_model = Describe(huge),
            memory_cap = cap,
            capped = Describe(capped),
            kernel_fault = await KernelFaultAsync(device == "cpu" ? "cpu#0" : $"{device}#0", device == "cpu" ? "cpu#1" : $"{device}#1"),
        };
    }

    private static object Describe(SearchOnNode.Outcome o) => new
    {
        completed = o.Completed,
        failed = o.Failed,
        failures = o.Failures,
        trial_gpu_memory_mib = o.TrialGpuMemoryMib,
        seconds = Math.Round(o.Seconds, 2),
        timed_out = o.TimedOut,
    };

    /// <summary>A crashing trial and a training neighbour in two trial processes on the same GPU, then the crashed slot's next trial.</summary>
    private static async Task<object> KernelFaultAsync(string faultSlot, string neighbourSlot)
    {
        var command = TrialHostCommand.Current();
        using var faulty = new SlotProcess(faultSlot, command);
        using var neighbour = new SlotProcess(neighbourSlot, command);
        faulty.Warm();
        neighbour.Warm();
        var device = ModelOpt.Cluster.Workers.WorkerDevices.TorchDevice(faultSlot);
        var epochs = 0;
        var training = neighbour.RunAsync(Neighbour, Context("n1", device, 6), _ => Interlocked.Increment(ref epochs), CancellationToken.None);
        while (Volatile.Read(ref epochs) == 0 && !training.IsCompleted) await Task.Delay(50);
        var crashedPid = faulty.ProcessId;
        string fault;
        try
        {
            await faulty.RunAsync(Fault, Context("f1", device, 1), _ => { }, CancellationToken.None);
            fault = "succeeded (no fault raised)";
        }
        catch (TrialFailedException e)
        {
            fault = $"{e.Kind}: {SearchOnNode.Short(e.Message)}";
        }
        string neighbourOutcome, after;
        try
        {
            var result = await training;
            neighbourOutcome = $"completed {epochs} epochs, val_accuracy {result.Metrics.GetValueOrDefault("val_accuracy"):0.0000}";
        }
        catch (TrialFailedException e)
        {
            neighbourOutcome = $"{e.Kind}: {SearchOnNode.Short(e.Message)}";
        }
        try
        {
            var next = await faulty.RunAsync(Neighbour, Context("n2", device, 1), _ => { }, CancellationToken.None);
            after = $"completed, val_accuracy {next.Metrics.GetValueOrDefault("val_accuracy"):0.0000}, new process {faulty.ProcessId != crashedPid}";
        }
        catch (TrialFailedException e)
        {
            after = $"{e.Kind}: {SearchOnNode.Short(e.Message)}";
        }
        return new { faulted_trial = fault, neighbour_trial = neighbourOutcome, next_trial_on_faulted_slot = after };
    }

    private static TrialContext Context(string trial, string device, int epochs) =>
        new("isolation", trial, new Config([KeyValuePair.Create("family", ParameterValue.String("mlp")), KeyValuePair.Create("lr", ParameterValue.Float(0.001))]),
            epochs, 1, Device: device);
}
