using ModelOpt.Client.Models;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// Watches a search through the endpoint while faults happen, as a user running <c>search show --json</c> in a loop
/// would. Every ended trial it sees is an acknowledged outcome: the checker later demands that the final state still
/// holds it unchanged. A trial seen ended and later seen active again (or with another outcome) is recorded at once.
/// </summary>
public sealed class SearchObserver
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TrialInfo> _acknowledged = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public SearchObserver(string searchId) => SearchId = searchId;

    public string SearchId { get; }

    public int Observations { get; private set; }

    /// <summary>Ended trials as first seen, by id.</summary>
    public IReadOnlyDictionary<string, TrialInfo> Acknowledged
    {
        get
        {
            lock (_gate) return new Dictionary<string, TrialInfo>(_acknowledged);
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate) return [.. _violations];
        }
    }

    public void Observe(SearchInfo snapshot)
    {
        lock (_gate)
        {
            Observations++;
            foreach (var trial in snapshot.Trials)
            {
                if (_acknowledged.TryGetValue(trial.TrialId, out var ended))
                {
                    if (Differs(ended, trial))
                        _violations.Add($"{trial.TrialId}: was seen {Outcome(ended)}, later {Outcome(trial)}");
                    continue;
                }
                if (trial.HasEnded) _acknowledged[trial.TrialId] = trial;
            }
        }
    }

    /// <summary>Polls through <paramref name="read"/> until cancelled; unanswered polls (coordinator away) are skipped.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<SearchInfo?>> read, TimeSpan interval, CancellationToken cancellationToken)
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

    public static string Outcome(TrialInfo t) => $"{t.Status}(attempt {t.Attempts}, objective {t.Objective?.ToString("R") ?? "-"})";

    /// <summary>Whether an ended trial's outcome changed: its status, objective or attempt.</summary>
    public static bool Differs(TrialInfo ended, TrialInfo now) =>
        now.Status != ended.Status || now.Objective != ended.Objective || now.Attempts != ended.Attempts;
}
