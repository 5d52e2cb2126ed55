using System.Globalization;

namespace ModelOpt.Search.Schedulers.Asha;

/// <summary>
/// One bracket of asynchronous successive halving: rungs at <c>grace·rf^k</c> epochs below the max resource. A trial
/// reaching a rung is recorded there and continues only while it ranks in the top 1/rf of everything recorded at that
/// rung so far (once the rung holds at least rf results). Decisions never wait for other trials, which is what keeps every slot busy.
/// </summary>
public sealed class AshaBracket
{
    private readonly Objective _objective;
    private readonly double _reductionFactor;
    private readonly Dictionary<int, List<double>> _recorded = new();
    private readonly Dictionary<string, int> _highestRung = new(StringComparer.Ordinal);

    public AshaBracket(Objective objective, int gracePeriod, double reductionFactor, int maxResource, string label = "")
    {
        _objective = objective;
        _reductionFactor = reductionFactor;
        Label = label;
        var rungs = new List<int>();
        for (var r = (double)gracePeriod; r < maxResource; r *= reductionFactor)
        {
            var epoch = (int)Math.Round(r);
            if (rungs.Count == 0 || epoch > rungs[^1]) rungs.Add(epoch);
        }
        Rungs = rungs;
        foreach (var rung in rungs) _recorded[rung] = new List<double>();
    }

    /// <summary>Rung milestones in epochs, ascending (1, 3, 9 for grace 1, rf 3, max 27).</summary>
    public IReadOnlyList<int> Rungs { get; }

    public string Label { get; }

    /// <summary>Objective values recorded at a rung, in arrival order.</summary>
    public IReadOnlyList<double> RecordedAt(int rung) => _recorded[rung];

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        var previous = _highestRung.GetValueOrDefault(trialId, 0);
        // The highest rung the trial has now reached but not yet been judged at; epochs may skip rungs on resume.
        var rung = Rungs.LastOrDefault(r => r <= report.Epoch && r > previous);
        if (rung == 0) return SchedulerDecision.Continue();
        _highestRung[trialId] = rung;

        var values = _recorded[rung];
        values.Add(report.Objective);
        var where = Label.Length == 0 ? $"rung {rung}" : $"{Label} rung {rung}";
        // Until a rung holds rf results, "the top 1/rf" is not yet one trial: judging then would cut on the order
        // in which the first trials happened to arrive.
        if (values.Count < _reductionFactor)
            return SchedulerDecision.Continue($"passed {where}: {F(report.Objective)}, only {values.Count} result(s) there so far");
        var keep = Math.Max(1, (int)Math.Floor(values.Count / _reductionFactor));
        var ranked = _objective.Mode == ObjectiveMode.Max ? values.OrderByDescending(v => v) : values.OrderBy(v => v);
        var cutOff = ranked.ElementAt(keep - 1);
        var share = $"top 1/{F(_reductionFactor)} of {values.Count}";
        return _objective.IsBetter(cutOff, report.Objective)
            ? SchedulerDecision.Stop($"below {where} cut-off {F(cutOff)} ({share}): {F(report.Objective)}")
            : SchedulerDecision.Continue($"passed {where}: {F(report.Objective)} vs cut-off {F(cutOff)} ({share})");
    }

    internal static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
