using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>Workload kinds that only tests' catalogs know (<see cref="TestCatalog"/>): each misbehaves in one known way.</summary>
public static class TestWorkloads
{
    /// <summary>Odd trials throw a <see cref="TrialFailedException"/>; even ones report a NaN objective.</summary>
    public const string Broken = "test-broken";

    /// <summary>
    /// Reports epoch 1; odd trials then block, ignoring cancellation, until the gate of their catalog is set (each test
    /// its own: <see cref="AddGated"/>, so one test opening its gate never releases another's trials).
    /// </summary>
    public const string Gated = "test-gated";

    /// <summary>
    /// Writes its x0 as a checkpoint, and reports as metric <c>inherited</c> the x0 found in its initial checkpoint
    /// (-1 when it has none); epochs run from the context's start epoch.
    /// </summary>
    public const string Checkpointed = "test-checkpointed";

    /// <summary>Reports its x0 and returns two artifacts: a small <c>confusion_matrix</c> CSV and a 70 KB <c>huge</c> text.</summary>
    public const string Artifacted = "test-artifacted";

    /// <summary><paramref name="catalog"/> with every kind here but <see cref="Gated"/>.</summary>
    public static SearchCatalog AddTo(SearchCatalog catalog) => catalog
        .WithWorkload(Broken, (_, _) => new BrokenWorkload())
        .WithWorkload(Checkpointed, (_, _) => new CheckpointedWorkload())
        .WithWorkload(Artifacted, (_, _) => new ArtifactedWorkload());

    /// <summary><paramref name="catalog"/> with <see cref="Gated"/>, whose odd trials wait for <paramref name="gate"/>.</summary>
    public static SearchCatalog AddGated(SearchCatalog catalog, ManualResetEventSlim gate) => catalog.WithWorkload(Gated, (_, _) => new GatedWorkload(gate));

    private static bool IsOdd(TrialContext context) => int.Parse(context.TrialId[1..]) % 2 == 1;

    private static Dictionary<string, double> Value(double v) => new() { ["value"] = v };

    private sealed class BrokenWorkload : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
        {
            if (IsOdd(context)) throw new TrialFailedException(FailureKind.Exception, $"boom in {context.TrialId}");
            report(new EpochReport(1, Value(double.NaN), 0));
            return Task.FromResult(new TrialResult(Value(double.NaN)));
        }
    }

    private sealed class GatedWorkload(ManualResetEventSlim gate) : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
        {
            report(new EpochReport(1, Value(context.Config.GetDouble("x0")), 0));
            if (IsOdd(context)) gate.Wait(TimeSpan.FromSeconds(30));
            return Task.FromResult(new TrialResult(Value(context.Config.GetDouble("x0"))));
        }
    }

    private sealed class CheckpointedWorkload : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
        {
            var x0 = context.Config.GetDouble("x0");
            if (context.CheckpointDir is { } dir)
                File.WriteAllText(Path.Combine(Directory.CreateDirectory(dir).FullName, "x0"), x0.ToString("R", CultureInfo.InvariantCulture));
            var inherited = context.InitCheckpoint is { } init ? double.Parse(File.ReadAllText(Path.Combine(init, "x0")), CultureInfo.InvariantCulture) : -1;
            for (var epoch = context.StartEpoch + 1; epoch <= context.MaxEpochs; epoch++) report(new EpochReport(epoch, Value(x0), 0));
            return Task.FromResult(new TrialResult(new Dictionary<string, double> { ["value"] = x0, ["inherited"] = inherited }));
        }
    }

    private sealed class ArtifactedWorkload : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
        {
            var x0 = context.Config.GetDouble("x0");
            report(new EpochReport(1, Value(x0), 0));
            var artifacts = new Dictionary<string, string> { ["confusion_matrix"] = $"actual,a,b\na,3,1\nb,0,{context.TrialId}", ["huge"] = new string('x', 70_000) };
            return Task.FromResult(new TrialResult(Value(x0), artifacts));
        }
    }
}
