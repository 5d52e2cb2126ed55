using System.Collections.Concurrent;
using ModelOpt.Search.Schedulers.Asha;
using ModelOpt.Search.Schedulers.Fifo;
using ModelOpt.Search.Schedulers.Hyperband;
using ModelOpt.Search.Schedulers.Median;
using ModelOpt.Search.Schedulers.Patience;
using ModelOpt.Search.Schedulers.Pbt;

namespace ModelOpt.Search.Schedulers;

/// <summary>Schedulers by the name a spec uses. Adding a scheduler is one line here.</summary>
public static class SchedulerRegistry
{
    // Concurrent: tests register kinds while searches in other threads look them up.
    private static readonly ConcurrentDictionary<string, Func<SchedulerContext, ITrialScheduler>> Factories = new(StringComparer.Ordinal)
    {
        ["fifo"] = c => new FifoScheduler(c),
        ["asha"] = c => new AshaScheduler(c),
        ["hyperband"] = c => new HyperbandScheduler(c),
        ["median"] = c => new MedianStoppingScheduler(c),
        ["patience"] = c => new PatienceScheduler(c),
        ["pbt"] = c => new PbtScheduler(c),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds or replaces a scheduler kind (tests and plug-ins; built-in kinds are listed above).</summary>
    public static void Register(string name, Func<SchedulerContext, ITrialScheduler> factory) => Factories[name] = factory;

    public static bool Exists(string name) => Factories.ContainsKey(name);

    /// <summary>Builds the scheduler; throws <see cref="SpecException"/> listing every bad option.</summary>
    public static ITrialScheduler Create(string name, SchedulerContext context)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new SpecException([new SpecError("scheduler.type", $"unknown scheduler '{name}'; known: {string.Join(", ", Names)}")]);
        // Any scheduler may add per-trial early stopping; read it first so the scheduler doesn't see it as unknown.
        var earlyStopping = name == "patience" ? null : context.Options.Nested("earlyStopping");
        var scheduler = factory(context);
        if (earlyStopping is not null)
            scheduler = new CombinedScheduler(scheduler, new PatienceScheduler(context.Objective, earlyStopping));
        context.Options.ThrowIfInvalid();
        return scheduler;
    }
}
