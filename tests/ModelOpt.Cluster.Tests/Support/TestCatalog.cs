using ModelOpt.Search;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>The kinds the cluster tests' searches may name: the built-in ones, <see cref="TestWorkloads"/> and the test schedulers.</summary>
public static class TestCatalog
{
    public static SearchCatalog All { get; } =
        ExploitSecondTrialScheduler.AddTo(StopOddTrialsScheduler.AddTo(TestWorkloads.AddTo(SearchCatalog.BuiltIn)));

    /// <summary><see cref="All"/> and <see cref="TestWorkloads.Gated"/>, whose odd trials wait for <paramref name="gate"/>.</summary>
    public static SearchCatalog WithGate(ManualResetEventSlim gate) => TestWorkloads.AddGated(All, gate);
}
