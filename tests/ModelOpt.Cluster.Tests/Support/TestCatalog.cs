using ModelOpt.Search;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>The kinds the cluster tests' searches may name: the built-in ones, <see cref="TestWorkloads"/> and the test schedulers.</summary>
public static class TestCatalog
{
    public static SearchCatalog All { get; } =
        ExploitSecondTrialScheduler.AddTo(StopOddTrialsScheduler.AddTo(TestWorkloads.AddTo(SearchCatalog.BuiltIn)));
}
