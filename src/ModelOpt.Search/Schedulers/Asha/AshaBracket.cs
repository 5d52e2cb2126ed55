using System.Globalization;

namespace ModelOpt.Search.Schedulers.Asha;

/// <summary>
/// One bracket of asynchronous successive halving: rungs at <c>grace·rf^k</c> epochs below the max resource. A trial
/// reaching a rung is recorded there and continues only while it ranks in the top 1/rf of everything recorded at that
/// rung so far (once the rung holds at least rf results). Decisions never wait for other trials, which is what keeps
/// every slot busy. With <c>recheck</c>, a pass is provisional until the trial reaches its next rung: at each report in
/// between, the value it passed with is held against the rung's cut-off as it stands now, so a trial waved through
/// while the rung held only a few (early, weak) results stops as soon as the rung has filled with better ones — as it
/// would have had it arrived later. That is what lets a bracket start cutting late enough for slow starters to
/// show their worth and still spend a fraction of the epochs.
/// </summary>
public sealed class AshaBracket
{
    private readonly Objective _objective;
    private readonly double _reductionFactor;
    private readonly bool _recheck;
    private readonly int _maxResource;
    private readonly Dictionary<int, Rung> _rungs = new();
    private readonly Dictionary<string, (int Rung, double Value)> _passed = new(StringComparer.Ordinal);

    public AshaBracket(Objective objective, int gracePeriod, double reductionFactor, int maxResource, string label = "", bool recheck = false)
    {
        _objective = objective;
        _reductionFactor = reductionFactor;
        _recheck = recheck;
        _maxResource = maxResource;
        Label = label;
        var rungs = new List<int>();
        for (var r = (double)gracePeriod; r < maxResource; r *= reductionFactor)
        {
            var epoch = (int)Math.Round(r);
            if (rungs.Count == 0 || epoch > rungs[^1]) rungs.Add(epoch);
        }
        Rungs = rungs;
        foreach (var rung in rungs) _rungs[rung] = new Rung(objective, reductionFactor);
    }

    /// <summary>Rung milestones in epochs, ascending (1, 3, 9 for grace 1, rf 3, max 27).</summary>
    public IReadOnlyList<int> Rungs { get; }

    public string Label { get; }

    /// <summary>Objective values recorded at a rung, in arrival order.</summary>
    public IReadOnlyList<double> RecordedAt(int rung) => _rungs[rung].Values;

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        var previous = _passed.TryGetValue(trialId, out var passed) ? passed.Rung : 0;
        // The highest rung the trial has now reached but not yet been judged at; epochs may skip rungs on resume.
        var rung = Rungs.LastOrDefault(r => r <= report.Epoch && r > previous);
        // The last epoch ends the trial anyway: stopping it there would only relabel a finished trial.
        if (rung == 0)
            return _recheck && previous != 0 && report.Epoch < _maxResource ? Recheck(passed.Rung, passed.Value) : SchedulerDecision.Continue();
        _passed[trialId] = (rung, report.Objective);

        var at = _rungs[rung];
        at.Add(report.Objective);
        var where = Where(rung);
        // Until a rung holds rf results, "the top 1/rf" is not yet one trial: judging then would cut on the order
        // in which the first trials happened to arrive.
        if (at.CutOff() is not { } cutOff)
            return SchedulerDecision.Continue($"passed {where}: {F(report.Objective)}, only {at.Values.Count} result(s) there so far");
        return _objective.IsBetter(cutOff, report.Objective)
            ? SchedulerDecision.Stop($"below {where} cut-off {F(cutOff)} ({Share(at)}): {F(report.Objective)}")
            : SchedulerDecision.Continue($"passed {where}: {F(report.Objective)} vs cut-off {F(cutOff)} ({Share(at)})");
    }

    private SchedulerDecision Recheck(int rung, double value)
    {
        var at = _rungs[rung];
        return at.CutOff() is { } cutOff && _objective.IsBetter(cutOff, value)
            ? SchedulerDecision.Stop($"below {Where(rung)} cut-off {F(cutOff)} ({Share(at)}) since it passed there with {F(value)}")
            : SchedulerDecision.Continue();
    }

    private string Where(int rung) => Label.Length == 0 ? $"rung {rung}" : $"{Label} rung {rung}";

    private string Share(Rung at) => $"top 1/{F(_reductionFactor)} of {at.Values.Count}";

    internal static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The results recorded at one rung and their top-1/rf cut-off, computed once per new result.</summary>
    private sealed class Rung(Objective objective, double reductionFactor)
    {
        private readonly List<double> _values = new();
        private double? _cutOff;
        private int _cutOffCount;

        public IReadOnlyList<double> Values => _values;

        public void Add(double value) => _values.Add(value);

        /// <summary>The worst value still in the top 1/rf, or null while the rung holds fewer than rf results.</summary>
        public double? CutOff()
        {
            if (_values.Count < reductionFactor) return null;
            if (_cutOffCount != _values.Count)
            {
                var keep = Math.Max(1, (int)Math.Floor(_values.Count / reductionFactor));
                var ranked = objective.Mode == ObjectiveMode.Max ? _values.OrderByDescending(v => v) : _values.OrderBy(v => v);
                _cutOff = ranked.ElementAt(keep - 1);
                _cutOffCount = _values.Count;
            }
            return _cutOff;
        }
    }
}
