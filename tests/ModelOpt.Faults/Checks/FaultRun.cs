using ModelOpt.Client.Models;
using ModelOpt.Faults.Nodes;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// One search under faults: submit it, watch it through the endpoint while <c>faults</c> run, wait for it to end,
/// then judge it with <see cref="InvariantChecker"/> against the journal (and the ledger of command trials).
/// </summary>
public static class FaultRun
{
    public static readonly TimeSpan ObserveEvery = TimeSpan.FromMilliseconds(500);

    public static async Task<CheckReport> RunAsync(LabCluster cluster, string spec, Func<string, Task> faults, TimeSpan deadline, string? ledger = null)
    {
        var id = await cluster.SubmitAsync(spec, deadline);
        var observer = new SearchObserver(id);
        using var stop = new CancellationTokenSource();
        var watching = observer.RunAsync(ct => cluster.Endpoint().TryAsync((c, t) => c.SearchAsync(id, t), ct), ObserveEvery, stop.Token);
        SearchInfo final;
        try
        {
            await faults(id);
            final = await cluster.WaitForSearchAsync(id, s => !s.IsRunning, deadline);
        }
        finally
        {
            await stop.CancelAsync();
            await watching;
        }
        observer.Observe(final);
        return InvariantChecker.Check(final, await JournalHistory.ReadAsync(cluster.Journal, id), observer, ledger);
    }
}
