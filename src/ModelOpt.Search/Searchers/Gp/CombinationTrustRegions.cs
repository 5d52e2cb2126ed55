namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// A trust region: a box of side <see cref="Side"/> (unit scale, continuous parameters) around the best result of one
/// discrete combination; <see cref="Results"/> are that combination's results.
/// </summary>
internal sealed record TrustRegion(int Combination, GpTrial Center, double Side, IReadOnlyList<GpTrial> Results);

/// <summary>
/// One TuRBO trust region (Eriksson et al. 2019) per discrete combination of a mixed space: a box around the
/// combination's best result whose side doubles after <see cref="SuccessesToGrow"/> improvements in a row and halves
/// after <see cref="FailuresToShrink"/> results inside it that do not improve; a region whose side falls below
/// <see cref="MinSide"/> has converged and is left alone until a result elsewhere in its combination beats its best.
/// The regions persist across suggestions without being stored: they are replayed from the results in suggestion
/// order, so they depend on which results exist, as the GP does. The region to search is the unconverged one with
/// the lowest best loss — once the best combination's basin is exhausted, the next one gets its turn (TuRBO's restart,
/// here moving to the next combination instead of discarding the data).
/// </summary>
internal static class CombinationTrustRegions
{
    // Tuned on mixed-Rosenbrock at 30 seeds (docs/benchmarks.md, issue 16, 1d.): TuRBO's own 0.8 / 1.6 and three
    // failures per halving, or a region from two results, all converged on the wrong basin more often.
    private const double InitialSide = 0.4, MaxSide = 0.8, MinSide = InitialSide / 32;
    private const int SuccessesToGrow = 2, FailuresToShrink = 2, MinResults = 3;

    /// <summary>The region to search next, or null when every combination with enough results has converged.</summary>
    public static TrustRegion? Choose(IEnumerable<GpTrial> results, DiscreteCombinations combinations, Func<GpTrial, double[]> coordinates) =>
        Choose(results, t => combinations.IndexOf(t.Config), coordinates);

    /// <summary>As above, with each result's combination given by <paramref name="combinationOf"/> (negative: none).</summary>
    public static TrustRegion? Choose(IEnumerable<GpTrial> results, Func<GpTrial, int> combinationOf, Func<GpTrial, double[]> coordinates)
    {
        var regions = new Dictionary<int, Region>();
        foreach (var trial in results.OrderBy(t => t.Order))
        {
            var k = combinationOf(trial);
            if (k < 0) continue;
            if (regions.TryGetValue(k, out var region)) region.Observe(trial, coordinates);
            else regions[k] = new Region(trial);
        }
        return regions
            .Where(r => !r.Value.Converged && r.Value.Results.Count >= MinResults)
            .OrderBy(r => r.Value.Center.Loss).ThenBy(r => r.Value.Center.Order)
            .Select(r => new TrustRegion(r.Key, r.Value.Center, r.Value.Side, r.Value.Results))
            .FirstOrDefault();
    }

    private sealed class Region(GpTrial first)
    {
        private int _successes, _failures;

        public GpTrial Center { get; private set; } = first;
        public double Side { get; private set; } = InitialSide;
        public bool Converged { get; private set; }
        public List<GpTrial> Results { get; } = [first];

        public void Observe(GpTrial trial, Func<GpTrial, double[]> coordinates)
        {
            Results.Add(trial);
            var best = Center.Loss!.Value;
            if (trial.Loss < best - 1e-3 * Math.Abs(best))
            {
                var inside = Inside(trial, coordinates);
                Center = trial;
                _failures = 0;
                if (Converged)
                {
                    // A better result in a converged combination opens a fresh region around it.
                    (Converged, Side, _successes) = (false, InitialSide, 0);
                }
                else if (inside && ++_successes >= SuccessesToGrow)
                {
                    (Side, _successes) = (Math.Min(2 * Side, MaxSide), 0);
                }
                return;
            }
            if (Converged || !Inside(trial, coordinates)) return;
            _successes = 0;
            if (++_failures < FailuresToShrink) return;
            (Side, _failures) = (Side / 2, 0);
            if (Side < MinSide) Converged = true;
        }

        private bool Inside(GpTrial trial, Func<GpTrial, double[]> coordinates)
        {
            var a = coordinates(trial);
            var c = coordinates(Center);
            for (var i = 0; i < a.Length; i++)
                if (Math.Abs(a[i] - c[i]) > Side / 2 + 1e-12) return false;
            return true;
        }
    }
}
