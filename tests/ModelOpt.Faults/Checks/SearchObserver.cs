using ModelOpt.Cluster.Searches;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// Watches a search through the endpoint while faults happen, as a user running <c>search show --json</c> in a loop
/// would. Every ended trial it sees is an acknowledged outcome: the checker later demands that the final state still
/// holds it unchanged. A trial seen ended and later seen active again (or with another outcome) is recorded at once.
/// </summary>
public sealed class SearchObserver
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TrialSnapshot> _acknowledged = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public SearchObserver(string searchId) => SearchId = searchId;

    public string SearchId { get; }

    public int Observations { get; private set; }

    /// <summary>Ended trials as first seen, by id.</summary>
    public IReadOnlyDictionary<string, TrialSnapshot> Acknowledged
    {
        get
        {
            lock (_gate) return new Dictionary<string, TrialSnapshot>(_acknowledged);
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate) return [.. _violations];
        }
    }

    public void Observe(SearchSnapshot snapshot)
    {
        lock (_gate)
        {
            Observations++;
            foreach (var trial in snapshot.Trials)
            {
                if (_acknowledged.TryGetValue(trial.Id, out var ended))
                {
                    if (Differs(ended, trial))
                        _violations.Add($"{trial.Id}: was seen {Outcome(ended)}, later {Outcome(trial)}");
                    continue;
                }
                if (!IsActive(trial.Phase)) _acknowledged[trial.Id] = trial;
            }
        }
    }

    /// <summary>Polls through <paramref name="read"/> until cancelled; unanswered polls (coordinator away) are skipped.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<SearchSnapshot?>> read, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await read(cancellationToken) is { } snapshot) Observe(snapshot);
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public static bool IsActive(TrialPhase phase) => phase is TrialPhase.Pending or TrialPhase.Running;

    public static string Outcome(TrialSnapshot t) => $"{t.Phase}(attempt {t.Attempts}, objective {t.Objective?.ToString("R") ?? "-"})";

    private static bool Differs(TrialSnapshot ended, TrialSnapshot now) =>
        now.Phase != ended.Phase || now.Objective != ended.Objective || now.Attempts != ended.Attempts;
}
