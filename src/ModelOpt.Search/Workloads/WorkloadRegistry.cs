using System.Collections.Concurrent;
using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// Workload kinds by the name a spec uses (<c>workload.kind</c>). <c>function</c>, <c>curve</c> and <c>external</c> live in this assembly; the
/// training assembly registers <c>torch</c> and <c>command</c> at start-up, since this one knows nothing of them.
/// A factory reads its options through <see cref="AlgorithmOptions"/>, so building one also validates the spec.
/// </summary>
public static class WorkloadRegistry
{
    // The function kind is registered by this initializer, not by a static constructor in FunctionWorkload, because
    // the registry's own field initializer is certain to run before any lookup; a type nobody has touched yet
    // would never get the chance to register itself.
    private static readonly ConcurrentDictionary<string, Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload>> Factories = new(StringComparer.Ordinal)
    {
        [FunctionWorkload.Kind] = FunctionWorkload.Create,
        [CurveWorkload.Kind] = CurveWorkload.Create,
        [ExternalWorkload.Kind] = ExternalWorkload.Create,
    };

    public static IReadOnlyCollection<string> Kinds => Factories.Keys.Order(StringComparer.Ordinal).ToList();

    public static void Register(string kind, Func<WorkloadSpec, AlgorithmOptions, ITrialWorkload> factory) => Factories[kind] = factory;

    public static bool Exists(string kind) => Factories.ContainsKey(kind);

    /// <summary>Builds the workload; throws <see cref="SpecException"/> listing every bad option.</summary>
    public static ITrialWorkload Create(WorkloadSpec spec)
    {
        if (!Factories.TryGetValue(spec.Kind, out var factory))
            throw new SpecException([new SpecError("workload.kind", $"unknown workload kind '{spec.Kind}'; known: {string.Join(", ", Kinds)}")]);
        var options = spec.ToOptions();
        var workload = factory(spec, options);
        options.ThrowIfInvalid();
        return workload;
    }
}
