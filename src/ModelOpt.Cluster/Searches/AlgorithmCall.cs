using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// One call that moved a search's searcher and scheduler forward, exactly one of: a trial's suggestion taken, an epoch
/// report, a trial's end. A snapshot keeps them in order so recovery rebuilds the algorithms without the journal.
/// </summary>
public sealed record AlgorithmCall(string TrialId, Config? Suggested = null, AlgorithmCall.EpochResult? Report = null, TrialOutcome? Outcome = null)
{
    /// <summary>A <see cref="TrialReport"/> as stored (that type has no constructor the serializer can use).</summary>
    public sealed record EpochResult(int Epoch, double Objective, IReadOnlyDictionary<string, double> Metrics)
    {
        public static EpochResult Of(TrialReport report) => new(report.Epoch, report.Objective, report.Metrics);

        public TrialReport ToReport() => new(Epoch, Objective, Metrics);
    }
}
