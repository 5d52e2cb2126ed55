using ModelOpt.Search.Schedulers.Fifo;

namespace ModelOpt.Search.Schedulers;

/// <summary>Schedulers by the name a spec uses. Adding a scheduler is one line here.</summary>
public static class SchedulerRegistry
{
    private static readonly Dictionary<string, Func<SchedulerContext, ITrialScheduler>> Factories = new(StringComparer.Ordinal)
    {
        ["fifo"] = c => new FifoScheduler(c),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Adds or replaces a scheduler kind (tests and plug-ins; built-in kinds are listed above).</summary>
    public static void Register(string name, Func<SchedulerContext, ITrialScheduler> factory)
    {
        lock (Factories) Factories[name] = factory;
    }

    public static bool Exists(string name) => Factories.ContainsKey(name);

    /// <summary>Builds the scheduler; throws <see cref="SpecException"/> listing every bad option.</summary>
    public static ITrialScheduler Create(string name, SchedulerContext context)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new SpecException([new SpecError("scheduler.type", $"unknown scheduler '{name}'; known: {string.Join(", ", Names)}")]);
        var scheduler = factory(context);
        context.Options.ThrowIfInvalid();
        return scheduler;
    }
}
