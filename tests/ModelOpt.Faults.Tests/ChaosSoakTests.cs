using ModelOpt.Faults.Soak;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Faults.Tests;

/// <summary>
/// The chaos soak's short version for CI: 2 minutes of seeded random faults (kill -9 and restart, partitions and
/// heals, latency, loss) over 4 nodes on separate network hosts; no result lost or counted twice, every invariant
/// intact, every repair followed by one whole cluster. The 10-minute run is the <c>chaos-soak</c> benchmark.
/// </summary>
[Trait("Category", "Faults")]
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    [NamespaceFact]
    public async Task A_short_soak_under_random_faults_loses_nothing_and_counts_nothing_twice()
    {
        var result = await ChaosSoak.RunAsync(new ChaosSoakOptions
        {
            Seed = 20261204,
            Duration = TimeSpan.FromSeconds(120),
            MinTrials = 60,
            TrialsPerSearch = 30,
        }, output.WriteLine);

        var summary = $"{result.Trials} trials, {result.Faults} faults, {result.Requeued} requeued, {result.Duplicates} duplicates, {result.Lost} lost; "
                      + $"recoveries {string.Join(", ", result.Recoveries.Select(r => $"{r.After}: {r.RecoveredS?.ToString() ?? "never"}"))}"
                      + (result.Directory is null ? "" : $"; logs in {result.Directory}") + "\n" + string.Join("\n", result.Violations);
        output.WriteLine(summary);
        Assert.True(result.Passed, summary);
        Assert.True(result.Faults >= 3, summary);
        Assert.All(result.Recoveries, r => Assert.True(r.RecoveredS is not null, $"no whole cluster after {r.After}: {summary}"));
    }
}
