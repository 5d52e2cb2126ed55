using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator. After <c>nStartupTrials</c> random trials (counted as suggested, so trials in
/// flight do not prolong the start-up), it ranks the observed trials,
/// fits one density to the best ones (l, the best <c>gamma</c> fraction) and one to the rest (g), and keeps the
/// candidate drawn from l with the highest l/g. Multivariate by default (joint estimators per group of parameters
/// that occur together, so interactions count); <c>multivariate: false</c> fits one pair of estimators per
/// parameter on the trials where it was active. Running trials take part (<c>constantLiar</c>), together weighing
/// <c>liarWeight</c> (one finished trial's weight): by default each is believed to score the mean of its three
/// nearest completed trials and ranked among them (<c>pendingStrategy: believer</c>), so a running trial near a good
/// region counts as good and one far from it as bad; <c>pendingStrategy: liar</c> puts them all in the bad
/// estimator, which spreads parallel workers out but also pushes them off the newest good region. While trials are
/// running and 20 have finished, every suggestion draws its candidates near the best finished trial
/// (<c>incumbentSlots</c>): from its kernel at between an eighth and half its width, each coordinate taken with
/// probability 0.4 from a draw of the whole of l instead. A batch then refines the best result as a sequential run
/// would, which TPE's own draw, spread over the good trials, leaves to chance, and still tries the other good trials'
/// values coordinate by coordinate. Univariate TPE refines in every other suggestion only, from the kernel alone.
/// Before 20 have finished, a suggestion made with trials running keeps the best of 8 candidates instead. Failed
/// trials are left out of the model.
/// Each suggestion draws from its own stream derived from the seed and trial id, and the model is built from
/// trials ranked with suggestion order as the tie-break, so the same history in any arrival order gives the
/// same suggestion.
/// </summary>
public sealed class TpeSearcher : ISearcher
{
    private static readonly IComparer<TpeTrial> RankComparer = Comparer<TpeTrial>.Create(TpeTrial.CompareByRank);
    // Univariate refinement draws at half the best trial's kernel width: a quarter or 0.7 of it was no better at both 4
    // and 8 trials in flight (docs/benchmarks.md, issue 16, 7q.). Joint refinement draws each candidate's width
    // log-uniformly from an eighth to a half of it, so l/g chooses the step too: Branin at 8 in flight went from 1.16x
    // to 0.94x of sequential, Hartmann3 from 1.05x to 0.70x (7s.).
    private const double IncumbentWidthScale = 0.5;
    private const double NarrowestWidthScale = 0.125;
    // Refinement waits for 20 finished trials: the best of fewer is a point a sequential run soon leaves, and a batch
    // spent around it cost more than it gained at 4 and 8 in flight (7s.).
    private const int RefineAfterFinished = 20;
    // How often a refining candidate takes a coordinate from l's draw: with none, batches that all refine the best lose
    // Hartmann3 and Levy at 8 in flight; 0.3-0.5 did alike (7s.). Univariate estimators have one coordinate each, where
    // a crossed one is a whole TPE draw: there every slot refining, or crossing, did worse (7s.).
    private const double CrossoverShare = 0.4;
    // Before refinement starts, a suggestion made with trials running keeps the best of 8 candidates, not 24: l/g fitted
    // to a few results is a weak guide, and its argmax gathers an early batch where they point (Levy at 8 in flight
    // 1.35x -> 1.06x of sequential; 4 candidates did worse, 7s.).
    private const int EarlyCandidates = 8;

    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly TpeOptions _options;
    private readonly TpeDimension?[] _dimensions;
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TpeTrial> _trials = new(StringComparer.Ordinal);
    private readonly List<TpeTrial> _inOrder = new();
    private readonly List<int>[] _ascending; // per parameter: orders of the trials holding it, by encoded value
    private readonly List<TpeTrial> _finishedRanked = new(); // completed and stopped trials, best first

    public TpeSearcher(SearcherContext context)
    {
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _options = TpeOptions.Read(context.Options);
        _dimensions = new TpeDimension?[_space.Parameters.Count];
        _ascending = new List<int>[_dimensions.Length];
        for (var j = 0; j < _dimensions.Length; j++)
        {
            _dimensions[j] = TpeDimension.For(_space.Parameters[j]);
            _indexOf[_space.Parameters[j].Name] = j;
            _ascending[j] = new List<int>();
        }
    }

    public Config? Suggest(string trialId)
    {
        if (_trials.TryGetValue(trialId, out var known)) return known.Config;
        var random = DeterministicRandom.Derive(_seed, trialId);
        // Start-up counts suggested trials, not results: with q trials in flight, counting results would spend q − 1
        // more trials on random configs; the model takes over as soon as one result exists.
        if (_inOrder.Count < _options.StartupTrials || _finishedRanked.Count == 0)
            return _space.Build((p, _) => RandomSearcher.SampleUniform(p.Domain, random));
        var running = _inOrder.Any(t => t.Status is null);
        var refining = _finishedRanked.Count >= RefineAfterFinished;
        // Univariate TPE alternates by acceptance count, so a recovered searcher alternates alike.
        var refine = _options.IncumbentSlots && running && refining && (_options.Multivariate || _inOrder.Count % 2 == 1);
        var candidates = running && !refining ? Math.Min(EarlyCandidates, _options.Candidates) : _options.Candidates;
        return _options.Multivariate ? SuggestJointly(random, refine, candidates) : SuggestIndependently(random, refine, candidates);
    }

    public void Accept(string trialId, Config config)
    {
        if (!_trials.ContainsKey(trialId)) Record(trialId, config);
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        // A result for a trial this searcher never suggested carries no configuration to learn from.
        if (!_trials.TryGetValue(trialId, out var trial) || trial.Status is not null) return;
        trial.Finish(outcome, _objective);
        if (!trial.IsFinished) return;
        var at = _finishedRanked.BinarySearch(trial, RankComparer);
        _finishedRanked.Insert(at < 0 ? ~at : at, trial);
    }

    private Config SuggestIndependently(DeterministicRandom random, bool refine, int candidates)
    {
        var split = Split();
        var x = new double[1];
        return _space.Build((p, _) =>
        {
            var j = _indexOf[p.Name];
            var dimension = _dimensions[j]!;
            var dims = new[] { dimension };
            var incumbent = refine ? IncumbentOrder(split, [j]) : -1;
            var good = FitAscending(dims, j, split, TpeSplit.Good, incumbent, out var incumbentKernel);
            Choose(good, FitAscending(dims, j, split, TpeSplit.Bad, -1, out int _), dims, random, x, candidates, incumbentKernel, crossover: false);
            return dimension.Decode(x[0]);
        });
    }

    private Config SuggestJointly(DeterministicRandom random, bool refine, int candidates)
    {
        var split = Split();
        var (groupOf, groups) = _space.HasConditions
            ? ParameterGroups.Decompose(_inOrder, _dimensions.Length)
            : AllInOneGroup();
        var chosen = new Dictionary<int, double>();
        return _space.Build((p, _) =>
        {
            var j = _indexOf[p.Name];
            if (chosen.TryGetValue(j, out var value)) return _dimensions[j]!.Decode(value);
            if (groupOf[j] < 0) return RandomSearcher.SampleUniform(p.Domain, random);
            var members = groups[groupOf[j]];
            var dims = new TpeDimension[members.Length];
            for (var m = 0; m < members.Length; m++) dims[m] = _dimensions[members[m]]!;
            var x = new double[members.Length];
            var incumbent = refine ? IncumbentOrder(split, members) : -1;
            var good = Fit(dims, members, split.GoodTrials, split, incumbent, out var incumbentKernel);
            Choose(good, Fit(dims, members, split.BadTrials, split, -1, out int _), dims, random, x, candidates, incumbentKernel, crossover: true);
            for (var m = 0; m < members.Length; m++) chosen[members[m]] = x[m];
            return _dimensions[j]!.Decode(chosen[j]);
        });
    }

    private (int[] GroupOf, List<int[]> Groups) AllInOneGroup()
    {
        var groupOf = new int[_dimensions.Length];
        var members = new List<int>();
        for (var j = 0; j < _dimensions.Length; j++)
        {
            groupOf[j] = _dimensions[j] is null ? -1 : 0;
            if (_dimensions[j] is not null) members.Add(j);
        }
        return (groupOf, [members.ToArray()]);
    }

    /// <summary>
    /// Draws <paramref name="candidates"/> candidates from the good density — or, given <paramref name="incumbentKernel"/>,
    /// near that kernel (with <paramref name="crossover"/>, <see cref="DrawNearIncumbent"/>; else from the kernel alone at
    /// <see cref="IncumbentWidthScale"/> of its width) — and keeps the one with the largest log l(x) − log g(x).
    /// </summary>
    private static void Choose(ParzenEstimator good, ParzenEstimator bad, TpeDimension[] dims, DeterministicRandom random, double[] best,
        int candidates, int incumbentKernel, bool crossover)
    {
        var candidate = new double[dims.Length];
        var draw = incumbentKernel >= 0 && crossover ? new double[dims.Length] : null;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < candidates; c++)
        {
            if (draw is not null) DrawNearIncumbent(good, random, candidate, draw, incumbentKernel);
            else if (incumbentKernel >= 0) good.SampleFrom(random, candidate, incumbentKernel, IncumbentWidthScale);
            else good.Sample(random, candidate);
            for (var k = 0; k < dims.Length; k++) candidate[k] = dims[k].Snap(candidate[k]);
            var score = good.LogDensity(candidate) - bad.LogDensity(candidate);
            if (score > bestScore || c == 0)
            {
                bestScore = score;
                Array.Copy(candidate, best, dims.Length);
            }
        }
    }

    /// <summary>
    /// A candidate from kernel <paramref name="incumbentKernel"/> at a width drawn log-uniformly between
    /// <see cref="NarrowestWidthScale"/> and <see cref="IncumbentWidthScale"/> of its own, each coordinate replaced, with
    /// probability <see cref="CrossoverShare"/>, by that of <paramref name="draw"/>, a fresh draw from the whole good
    /// density.
    /// </summary>
    private static void DrawNearIncumbent(ParzenEstimator good, DeterministicRandom random, double[] candidate, double[] draw,
        int incumbentKernel)
    {
        var width = IncumbentWidthScale * Math.Exp(-random.NextDouble() * Math.Log(IncumbentWidthScale / NarrowestWidthScale));
        good.SampleFrom(random, candidate, incumbentKernel, width);
        good.Sample(random, draw);
        for (var k = 0; k < candidate.Length; k++)
            if (random.NextDouble() < CrossoverShare) candidate[k] = draw[k];
    }

    /// <summary>
    /// The best finished trial among the good ones that holds every one of <paramref name="members"/>, by suggestion
    /// order, or -1 when none does. Running trials are believed no better than the best completed one, so it leads them.
    /// </summary>
    private static int IncumbentOrder(TpeSplit split, int[] members)
    {
        foreach (var trial in split.GoodTrials)
            if (trial.Status is not null && !double.IsNaN(trial.Encoded[members[0]])) return trial.Order;
        return -1;
    }

    /// <summary>
    /// A one-parameter estimator from the trials of one group that hold it, in ascending order of value;
    /// <paramref name="incumbentKernel"/>: the kernel of the trial whose suggestion order is <paramref name="incumbent"/>, or -1.
    /// </summary>
    private ParzenEstimator FitAscending(TpeDimension[] dims, int j, TpeSplit split, sbyte group, int incumbent, out int incumbentKernel)
    {
        incumbentKernel = -1;
        var ascending = _ascending[j];
        var values = new double[ascending.Count];
        var weights = new double[ascending.Count];
        var running = new bool[ascending.Count];
        var count = 0;
        foreach (var order in ascending)
        {
            if (split.GroupOf[order] != group) continue;
            if (order == incumbent) incumbentKernel = count;
            values[count] = _inOrder[order].Encoded[j];
            running[count] = _inOrder[order].Status is null;
            weights[count++] = split.WeightOf[order];
        }
        return new ParzenEstimator(dims, [values], weights, count, _options, running);
    }

    /// <summary>
    /// An estimator over <paramref name="members"/> from the trials of a group that hold all of them;
    /// <paramref name="incumbentKernel"/>: the kernel of the trial whose suggestion order is <paramref name="incumbent"/>, or -1.
    /// </summary>
    private ParzenEstimator Fit(TpeDimension[] dims, int[] members, TpeTrial[] trials, TpeSplit split, int incumbent, out int incumbentKernel)
    {
        incumbentKernel = -1;
        var columns = new double[members.Length][];
        for (var k = 0; k < members.Length; k++) columns[k] = new double[trials.Length];
        var weights = new double[trials.Length];
        var running = new bool[trials.Length];
        var count = 0;
        for (var i = 0; i < trials.Length; i++)
        {
            var trial = trials[i];
            if (double.IsNaN(trial.Encoded[members[0]])) continue;
            if (trial.Order == incumbent) incumbentKernel = count;
            for (var k = 0; k < members.Length; k++) columns[k][count] = trial.Encoded[members[k]];
            running[count] = trial.Status is null;
            weights[count++] = split.WeightOf[trial.Order];
        }
        return new ParzenEstimator(dims, columns, weights, count, _options, running);
    }

    private TpeSplit Split()
    {
        var running = _options.ConstantLiar ? _inOrder.Where(t => t.Status is null).ToList() : [];
        if (!_options.Believer || running.Count == 0) return TpeSplit.From(_finishedRanked, running, _inOrder.Count, _options);
        var believed = new double[running.Count];
        for (var i = 0; i < believed.Length; i++) believed[i] = NearestLossBelief.Of(running[i], _finishedRanked, _dimensions);
        return TpeSplit.Believed(_finishedRanked, running, believed, _inOrder.Count, _options);
    }

    private void Record(string trialId, Config config)
    {
        var encoded = new double[_dimensions.Length];
        for (var j = 0; j < encoded.Length; j++)
            encoded[j] = _dimensions[j] is { } d && config.TryGetValue(d.Parameter.Name, out var v) ? d.Encode(v) : double.NaN;
        var trial = new TpeTrial(trialId, _inOrder.Count, config, encoded);
        _trials[trialId] = trial;
        _inOrder.Add(trial);
        for (var j = 0; j < encoded.Length; j++)
            if (!double.IsNaN(encoded[j]))
                _ascending[j].Insert(UpperBound(_ascending[j], j, encoded[j]), trial.Order);
    }

    /// <summary>Where a value goes in a parameter's ascending list: after every equal one, so ties keep suggestion order.</summary>
    private int UpperBound(List<int> ascending, int j, double value)
    {
        int low = 0, high = ascending.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_inOrder[ascending[mid]].Encoded[j] <= value) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
