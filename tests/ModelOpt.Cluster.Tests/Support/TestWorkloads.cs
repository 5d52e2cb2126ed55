using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>Workload kinds that only tests register: each misbehaves in one known way.</summary>
public static class TestWorkloads
{
    /// <summary>Odd trials throw a <see cref="TrialFailedException"/>; even ones report a NaN objective.</summary>
    public const string Broken = "test-broken";

    /// <summary>Reports epoch 1; odd trials then block, ignoring cancellation, until <see cref="Gate"/> is set.</summary>
    public const string Gated = "test-gated";

    public static readonly ManualResetEventSlim Gate = new(false);

    public static void Register()
    {
        WorkloadRegistry.Register(Broken, (_, _) => new BrokenWorkload());
        WorkloadRegistry.Register(Gated, (_, _) => new GatedWorkload());
    }

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

    private sealed class GatedWorkload : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
        {
            report(new EpochReport(1, Value(context.Config.GetDouble("x0")), 0));
            if (IsOdd(context)) Gate.Wait(TimeSpan.FromSeconds(30));
            return Task.FromResult(new TrialResult(Value(context.Config.GetDouble("x0"))));
        }
    }
}
