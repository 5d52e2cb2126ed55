using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// A workload whose options constrain the rest of the spec: the parameters it reads, the metric it reports.
/// The spec parser calls <see cref="CheckSpec"/> after building the workload, so such mismatches are reported
/// with the spec's other problems instead of failing every trial at run time.
/// </summary>
public interface ISpecCheckingWorkload : ITrialWorkload
{
    /// <summary>Problems with the space or objective for this workload, with spec paths (<c>space.x2</c>, <c>objective.metric</c>).</summary>
    IEnumerable<SpecError> CheckSpec(SearchSpace space, Objective objective);
}
