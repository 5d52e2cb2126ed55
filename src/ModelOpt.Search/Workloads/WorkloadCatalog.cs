using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// Workload kinds by the name a spec uses (<c>workload.kind</c>); immutable (<see cref="With"/> makes a new one).
/// <c>function</c>, <c>curve</c> and <c>external</c> live in this assembly; the training assembly adds <c>torch</c> and
/// <c>command</c> to the catalog its host builds, since this one knows nothing of them. A factory reads its options
/// through <see cref="AlgorithmOptions"/>, so building one also validates the spec.
/// </summary>
public sealed class WorkloadCatalog
{
    public static WorkloadCatalog BuiltIn { get; } = new(NamedFactories<Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload>>.Of(new Dictionary<string, Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload>>
    {
        [FunctionWorkload.Kind] = FunctionWorkload.Create,
        [CurveWorkload.Kind] = CurveWorkload.Create,
        [ExternalWorkload.Kind] = ExternalWorkload.Create,
    }));

    private readonly NamedFactories<Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload>> _factories;

    private WorkloadCatalog(NamedFactories<Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload>> factories) => _factories = factories;

    /// <summary>Every kind, in ordinal order.</summary>
    public IReadOnlyCollection<string> Kinds => _factories.Names;

    /// <summary>This catalog with <paramref name="kind"/> added, or replaced.</summary>
    public WorkloadCatalog With(string kind, Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload> factory) => new(_factories.With(kind, factory));

    /// <summary>Builds the workload; throws <see cref="SpecException"/> listing every bad option.</summary>
    public ITrialWorkload Create(WorkloadSpec spec)
    {
        var factory = _factories.Get(spec.Kind, "workload.kind", "workload kind");
        var options = spec.ToOptions();
        var workload = factory(spec, options);
        options.ThrowIfInvalid();
        return workload;
    }
}
