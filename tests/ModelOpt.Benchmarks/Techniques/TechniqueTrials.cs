using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Models;
using ModelOpt.Training.Workloads;

namespace ModelOpt.Benchmarks.Techniques;

/// <summary>
/// Runs torch-workload trials on the shipped MNIST subset for the technique benchmarks, with checkpoints under one
/// temporary root laid out like the cluster's (<c>&lt;root&gt;/&lt;search&gt;/&lt;trial&gt;</c>), so one trial can
/// name another's checkpoint by search and trial id.
/// </summary>
internal sealed class TechniqueTrials(int threads) : IDisposable
{
    public const string Search = "bench";
    public string Root { get; } = Directory.CreateTempSubdirectory("mopt-technique-bench-").FullName;

    public string TrialDir(string trial) => Path.Combine(Root, Search, trial);

    /// <summary>Runs one trial; <paramref name="options"/> are the workload options beside <c>kind: torch</c> (MNIST by default).</summary>
    public async Task<IReadOnlyDictionary<string, double>> Run(string trial, int epochs, ulong seed, IReadOnlyDictionary<string, object?> options, params (string Key, object Value)[] config)
    {
        var spec = new WorkloadSpec(TorchWorkload.Kind, options);
        var reader = spec.ToOptions();
        var workload = TorchWorkload.Create(spec, reader, ModelFactory.Build);
        if (reader.Errors.Count > 0) throw new UsageException(string.Join("; ", reader.Errors));
        var values = new Config(config.Select(c => KeyValuePair.Create(c.Key, ParameterValue.FromObject(c.Value))));
        var context = new TrialContext(Search, trial, values, epochs, seed, "cpu", threads, TrialDir(trial));
        var result = await workload.RunAsync(context, _ => { }, CancellationToken.None);
        return result.Metrics;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
