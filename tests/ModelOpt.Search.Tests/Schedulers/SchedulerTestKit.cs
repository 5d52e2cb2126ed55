using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Tests.Schedulers;

internal static class SchedulerTestKit
{
    public static readonly Objective Max = new("accuracy", ObjectiveMode.Max);
    public static readonly Objective Min = new("loss", ObjectiveMode.Min);

    public static SearchSpace Space { get; } = new([
        new ParameterDefinition("lr", new FloatDomain(1e-4, 1, Log: true)),
        new ParameterDefinition("layers", new IntDomain(1, 8)),
        new ParameterDefinition("optimizer", new CategoricalDomain([ParameterValue.String("sgd"), ParameterValue.String("adam"), ParameterValue.String("adamw")])),
    ]);

    public static ITrialScheduler Create(string type, Objective objective, int maxEpochs, Dictionary<string, object?>? options = null, ulong seed = 1) =>
        SchedulerCatalog.BuiltIn.Create(type, new SchedulerContext(Space, objective, seed, new AlgorithmOptions("scheduler", options), maxEpochs));

    public static SchedulerDecision Report(this ITrialScheduler scheduler, string trial, int epoch, double value) =>
        scheduler.OnReport(trial, new TrialReport(epoch, value));
}
