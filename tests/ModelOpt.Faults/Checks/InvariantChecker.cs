using System.Globalization;
using System.Text.Json;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Faults.Workloads;

namespace ModelOpt.Faults.Checks;

/// <summary>
/// Judges a finished search from what the product exposes: its final state as the endpoint shows it, its journal, the
/// outcomes an observer saw while faults happened, and (for command trials) the ledger the trial processes wrote.
/// The invariants of issue 13: every trial ended; completed + stopped + failed = trials; no trial id twice; no
/// acknowledged outcome lost or changed; no trial's result counted twice, and only its current attempt's result
/// counted; the best trial agrees with the trial list; replaying the journal from scratch gives the same state.
/// </summary>
public static class InvariantChecker
{
    public static CheckReport Check(SearchInfo final, JournalHistory journal, SearchObserver? observer = null, string? ledger = null)
    {
        var violations = new List<string>();
        var trials = final.Trials;

        if (final.IsRunning) violations.Add($"the search is {final.Status}, not ended");
        foreach (var t in trials.Where(t => !t.HasEnded))
            violations.Add($"{t.TrialId} did not end: {t.Status}");
        var (completed, stopped, failed) = (final.Count(TrialStatus.Completed), final.Count(TrialStatus.Stopped), final.Count(TrialStatus.Failed));
        if (completed + stopped + failed != trials.Count)
            violations.Add($"completed {completed} + stopped {stopped} + failed {failed} != {trials.Count} trials");

        var duplicates = trials.GroupBy(t => t.TrialId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        violations.AddRange(duplicates.Select(id => $"trial id {id} is listed more than once"));
        duplicates.AddRange(CheckJournal(journal, final, violations));

        var lost = 0;
        foreach (var (id, seen) in observer?.Acknowledged ?? new Dictionary<string, TrialInfo>())
        {
            var now = final.Trial(id);
            if (now is not null && !SearchObserver.Differs(seen, now)) continue;
            lost++;
            violations.Add($"{id} was acknowledged as {SearchObserver.Outcome(seen)} but ended as {(now is null ? "missing" : SearchObserver.Outcome(now))}");
        }
        violations.AddRange(observer?.Violations ?? []);

        CheckBest(final, violations);
        CheckReplay(final, journal, violations);
        if (ledger is not null) CheckLedger(final, ledger, violations);

        return new CheckReport(final.SearchId, trials.Count, completed, stopped, failed,
            journal.Events.OfType<TrialRequeued>().Count(), journal.Events.OfType<TrialStarted>().Count(),
            duplicates.Distinct().Count(), lost, observer?.Observations ?? 0, violations);
    }

    /// <summary>Per trial in journal order: one suggestion, attempts numbered 1, 2, ... when placed, at most one end,
    /// nothing after the end, and a completion only from the attempt then running. Returns trials counted twice.</summary>
    private static IEnumerable<string> CheckJournal(JournalHistory journal, SearchInfo final, List<string> violations)
    {
        var suggested = new HashSet<string>(StringComparer.Ordinal);
        var attempt = new Dictionary<string, int>(StringComparer.Ordinal);
        var running = new HashSet<string>(StringComparer.Ordinal);
        var ended = new Dictionary<string, string>(StringComparer.Ordinal);
        var twice = new List<string>();
        foreach (var e in journal.Events)
        {
            var id = TrialOf(e);
            if (id is null) continue;
            if (ended.TryGetValue(id, out var end))
            {
                violations.Add($"journal: {id} has {e.GetType().Name} after it ended ({end})");
                if (e is TrialCompleted or TrialStopped or TrialFailed) twice.Add(id);
                continue;
            }
            switch (e)
            {
                case TrialSuggested:
                    if (!suggested.Add(id)) { violations.Add($"journal: {id} suggested twice"); twice.Add(id); }
                    break;
                case TrialStarted s:
                    var expected = attempt.GetValueOrDefault(id) + 1;
                    if (s.Attempt != expected) violations.Add($"journal: {id} started attempt {s.Attempt}, expected {expected}");
                    attempt[id] = s.Attempt;
                    running.Add(id);
                    break;
                case TrialRequeued or TrialExploited:
                    running.Remove(id);
                    break;
                case TrialReported { Attempt: > 0 } r when !running.Contains(id) || r.Attempt != attempt.GetValueOrDefault(id):
                    violations.Add($"journal: {id} took a report from attempt {r.Attempt} while {(running.Contains(id) ? $"attempt {attempt[id]}" : "no attempt")} ran");
                    break;
                case TrialCompleted c:
                    if (!running.Contains(id) || (c.Attempt > 0 && c.Attempt != attempt.GetValueOrDefault(id)))
                    {
                        violations.Add($"journal: {id} completed by attempt {c.Attempt} while {(running.Contains(id) ? $"attempt {attempt[id]}" : "no attempt")} ran");
                        twice.Add(id);
                    }
                    ended[id] = "completed";
                    break;
                case TrialStopped or TrialFailed:
                    ended[id] = e.GetType().Name;
                    break;
            }
        }
        foreach (var t in final.Trials)
            if (attempt.GetValueOrDefault(t.TrialId) != t.Attempts)
                violations.Add($"{t.TrialId}: the endpoint shows {t.Attempts} attempts, the journal {attempt.GetValueOrDefault(t.TrialId)}");
        return twice;
    }

    private static void CheckBest(SearchInfo final, List<string> violations)
    {
        var completed = final.Trials.Where(t => t.Status == TrialStatus.Completed && t.Objective is not null).ToList();
        if (completed.Count == 0)
        {
            if (final.BestTrialId is not null) violations.Add($"best trial {final.BestTrialId} named, but no trial completed");
            return;
        }
        var best = final.Mode == ObjectiveMode.Min ? completed.Min(t => t.Objective!.Value) : completed.Max(t => t.Objective!.Value);
        var named = completed.FirstOrDefault(t => t.TrialId == final.BestTrialId);
        if (named is null || named.Objective != best)
            violations.Add($"best trial is {final.BestTrialId ?? "none"} ({named?.Objective?.ToString("R") ?? "-"}), but the best completed objective is {best:R}");
    }

    /// <summary>The state rebuilt from the journal alone must be the one the endpoint shows, field for field.</summary>
    private static void CheckReplay(SearchInfo final, JournalHistory journal, List<string> violations)
    {
        SearchInfo replayed;
        try
        {
            replayed = SearchViews.Of(journal.Replay()) ?? throw new InvalidOperationException("the journal holds no submitted search");
        }
        catch (Exception e)
        {
            violations.Add($"replaying the journal failed: {e.GetType().Name}: {e.Message}");
            return;
        }
        if (Json(replayed) == Json(final)) return;
        var differing = final.Trials.Zip(replayed.Trials, (shown, rebuilt) => (Shown: shown, Rebuilt: rebuilt))
            .FirstOrDefault(p => Json(p.Shown) != Json(p.Rebuilt));
        violations.Add("replaying the journal gives another state: " + (differing.Shown is not null
            ? $"{differing.Shown.TrialId} is {Json(differing.Shown)} at the endpoint, {Json(differing.Rebuilt)} replayed"
            : $"status {final.Status}/{replayed.Status}, {final.Trials.Count}/{replayed.Trials.Count} trials, best {final.BestTrialId}/{replayed.BestTrialId}"));
    }

    /// <summary>Each completed command trial's objective is a value one of its processes wrote to the ledger.</summary>
    private static void CheckLedger(SearchInfo final, string ledger, List<string> violations)
    {
        var written = File.Exists(ledger)
            ? File.ReadAllLines(ledger).Select(l => l.Split(' ')).Where(p => p.Length >= 3 && p[0] == final.SearchId)
                .ToLookup(p => p[1], p => double.Parse(p[2], CultureInfo.InvariantCulture))
            : Enumerable.Empty<string>().ToLookup(x => x, _ => 0.0);
        foreach (var t in final.Trials.Where(t => t.Status == TrialStatus.Completed))
            if (!written[t.TrialId].Any(v => Math.Abs(v - (t.Objective ?? double.NaN)) <= 1e-9 * Math.Max(1, Math.Abs(v))))
                violations.Add($"{t.TrialId} completed with {t.Objective:R}, which no process of it wrote to {Path.GetFileName(ledger)}");
    }

    private static string? TrialOf(ISearchEvent e) => e switch
    {
        TrialSuggested s => s.TrialId,
        TrialStarted s => s.TrialId,
        TrialReported r => r.TrialId,
        TrialStopped s => s.TrialId,
        TrialExploited x => x.TrialId,
        TrialCompleted c => c.TrialId,
        TrialFailed f => f.TrialId,
        TrialRequeued r => r.TrialId,
        _ => null,
    };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, CommandJson.Responses);

    /// <summary>The ledger of a search of <see cref="FaultSpecs.Command"/> trials written into <paramref name="directory"/>.</summary>
    public static string LedgerIn(string directory) => Path.Combine(directory, FaultSpecs.LedgerFile);
}

/// <summary>What the checker found; <see cref="Passed"/> when nothing was violated.</summary>
public sealed record CheckReport(
    string SearchId, int Trials, int Completed, int Stopped, int Failed, int Requeued, int Attempts, int Duplicates, int Lost,
    int Observations, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;

    public override string ToString() =>
        $"search {SearchId}: {Trials} trials ({Completed} completed, {Stopped} stopped, {Failed} failed), {Attempts} attempts, "
        + $"{Requeued} requeued, {Duplicates} counted twice, {Lost} acknowledged outcomes lost, {Observations} observations"
        + (Passed ? "; every invariant holds" : ":\n  " + string.Join("\n  ", Violations));
}
